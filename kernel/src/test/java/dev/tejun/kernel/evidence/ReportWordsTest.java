package dev.tejun.kernel.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.FailureForms;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evidence HTML report in the reader's language (issue 17 §5): the same words in ja and en, none left English. */
class ReportWordsTest {

    @TempDir
    Path root;

    private static Properties words(String lang) throws IOException {
        Properties p = new Properties();
        try (InputStream in = ReportWords.class.getResourceAsStream("report-words_" + lang + ".properties")) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void catalogues_sameKeysInBothLanguages() throws Exception {
        assertEquals(words("en").keySet(), words("ja").keySet());
    }

    /**
     * The report of a run of {@code runbook} (by eve, env=prod) whose cell {@code a} ran {@code input} and ended with
     * {@code status}, {@code exit} and {@code message}.
     */
    private EvidenceReport oneCellRun(String runbook, String input, CellStatus status, Integer exit, String message)
            throws IOException {
        EvidenceStore store = new EvidenceStore(root, Clock.systemUTC());
        String runId = store.newRunId();
        Instant now = Instant.now();
        RunRecorder r = store.begin(new RunInfo(
                runId,
                "book.md",
                runbook.getBytes(StandardCharsets.UTF_8),
                GitInfo.NONE,
                Map.of("env", "prod"),
                "eve",
                "web",
                now));
        r.cellStarted(new CellStarted(1, now, runId, "a", "sh", input));
        r.cellFinished(new CellFinished(2, now, runId, "a", status, exit, 1, message));
        r.finish(status);
        return EvidenceReport.of(root.resolve(runId));
    }

    @Test
    void html_inJapanese_hasNoEnglishWordOfTheReportLeft() throws Exception {
        EvidenceReport report = oneCellRun(
                "# Book\n\n```sh {#a}\necho hi\n```\n\n```sh {#b}\ntrue\n```\n", "echo hi\n", CellStatus.OK, 0, null);
        String ja = report.in(ReportWords.of("ja")).html();
        assertTrue(ja.contains("<html lang=\"ja\">"), ja);
        assertTrue(ja.contains("<h2>パラメーター</h2>"), ja);
        assertTrue(ja.contains("実行された入力:"), ja);
        assertTrue(ja.contains("この実行では実行されていません。"), ja);
        Properties en = words("en");
        for (String key : en.stringPropertyNames()) {
            String english = en.getProperty(key);
            if (!key.equals("lang") && english.length() > 3) {
                assertFalse(ja.contains(">" + english), "English '" + english + "' in the ja report:\n" + ja);
            }
        }
        assertTrue(report.html().contains("<h2>Parameters</h2>"), "English by default");
    }

    @Test
    void markdown_inJapanese_wordsAndTheCellsEndingInJapanese() throws Exception {
        EvidenceReport report =
                oneCellRun("# Book\n\n```sh {#a}\nexit 1\n```\n", "exit 1\n", CellStatus.FAILED, 1, "exit code 1");
        String ja = report.in(ReportWords.of("ja")).markdown();
        assertTrue(ja.startsWith("# 証跡 "), ja);
        assertTrue(ja.contains("## パラメーター") && ja.contains("## 実行されたランブック"), ja);
        assertTrue(ja.contains("- **実行者:** `eve (web)`"), ja);
        assertTrue(ja.contains("(終了コード 1)") && ja.contains("`終了コード 1`"), ja);
        for (String english : new String[] {"Evidence", "Parameters", "Runbook as run", "Who", "exit code"}) {
            assertFalse(ja.contains(english), "English '" + english + "' in the ja report:\n" + ja);
        }
        String en = report.markdown();
        assertTrue(en.startsWith("# Evidence ") && en.contains("`exit code 1`"), "English by default:\n" + en);
        assertTrue(report.in(ReportWords.of("ja")).html().contains("<p>終了コード 1</p>"), "the HTML report too");
    }

    @Test
    void outcome_everyFormHasItsWordsAndFillsItsArgs() {
        ReportWords ja = ReportWords.of("ja");
        for (FailureForms.Form f : FailureForms.ALL) {
            assertFalse(ja.get(f.code()).isBlank(), f.code());
        }
        assertEquals("30 秒でタイムアウトしました", ja.outcome("timed out after 30 s"));
        assertEquals("スキップ: セル c1 が成功しませんでした", ja.outcome("skipped: cell c1 did not succeed"));
        assertEquals("something else", ja.outcome("something else"));
    }

    @Test
    void outcome_aFanOutCellsHostSummary_wordedPerState() {
        ReportWords ja = ReportWords.of("ja");
        assertEquals("成功 2、失敗 1(うまくいかなかったホスト: web3 失敗)", ja.outcome("2 ok, 1 failed: web3 failed"));
        assertEquals("成功 1、タイムアウト 1", ja.outcome("1 ok, 1 timed out"));
        assertEquals("ホストなし", ja.outcome("no hosts"));
        assertEquals("2 ok, 1 failed: web3 failed", ReportWords.ENGLISH.outcome("2 ok, 1 failed: web3 failed"));
        assertEquals("1 ok, 2 apples", ja.outcome("1 ok, 2 apples"), "not a summary: as recorded");
    }

    @Test
    void outcome_anAnsibleCellsRecapAndFailedPlaybook_inJapanese() {
        ReportWords ja = ReportWords.of("ja");
        String recap = "3 hosts: ok=3 changed=1 unreachable=0 failed=0 skipped=2 rescued=0 ignored=0";
        assertEquals("ホスト 3 台: 成功 3、変更 1、到達不能 0、失敗 0、スキップ 2、レスキュー 0、無視 0", ja.outcome(recap));
        assertEquals(recap, ReportWords.ENGLISH.outcome(recap), "English as recorded");
        String one = "1 host: ok=2 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0";
        assertEquals(one, ReportWords.ENGLISH.outcome(one));
        assertEquals(
                "ansible-playbook 終了コード 2(うまくいかなかったホスト: web3 失敗、db1 到達不能)",
                ja.outcome("ansible-playbook exit code 2: web3 failed, db1 unreachable"));
        assertEquals("ansible-playbook 終了コード 4", ja.outcome("ansible-playbook exit code 4"));
        assertEquals(
                "ansible-playbook exit code 2: web3 failed",
                ReportWords.ENGLISH.outcome("ansible-playbook exit code 2: web3 failed"));
        String notARecap = "3 hosts: ok=3 changed=1";
        assertEquals(notARecap, ja.outcome(notARecap), "not Ansible's line: as recorded");
    }
}

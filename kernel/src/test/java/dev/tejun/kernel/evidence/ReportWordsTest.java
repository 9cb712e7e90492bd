package dev.tejun.kernel.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
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

    @Test
    void html_inJapanese_hasNoEnglishWordOfTheReportLeft() throws Exception {
        EvidenceStore store = new EvidenceStore(root, Clock.systemUTC());
        String runId = store.newRunId();
        Instant now = Instant.now();
        RunRecorder r = store.begin(new RunInfo(
                runId,
                "book.md",
                "# Book\n\n```sh {#a}\necho hi\n```\n\n```sh {#b}\ntrue\n```\n".getBytes(StandardCharsets.UTF_8),
                GitInfo.NONE,
                Map.of("env", "prod"),
                "eve",
                "web",
                now));
        r.cellStarted(new CellStarted(1, now, runId, "a", "sh", "echo hi\n"));
        r.cellFinished(new CellFinished(2, now, runId, "a", CellStatus.OK, 0, 1, null));
        r.finish(CellStatus.OK);

        EvidenceReport report = EvidenceReport.of(root.resolve(runId));
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
}

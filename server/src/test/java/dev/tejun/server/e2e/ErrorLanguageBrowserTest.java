package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The server's refusals in the page's language (issue 17 §5): a run refused by a freeze window, or for a param the
 * runbook does not take, shows its notice in Japanese for a user whose language is ja, from the codes the server
 * sends beside its English (ErrorCodes), and in English for the others.
 */
@Tag("e2e")
class ErrorLanguageBrowserTest {

    @TempDir
    static Path tmp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    static String japaneseToken;

    @BeforeAll
    static void start() throws Exception {
        t.write(
                "calendars/forever.yaml",
                "type: block\ntimezone: UTC\nwindows:\n  - from: 2000-01-01\n    to: 2100-01-01\n");
        t.write("frozen.md", "---\nblackouts: [forever]\n---\n# Frozen\n\n```sh {#hi}\necho hi\n```\n");
        t.write(
                "count.md",
                "---\nparams:\n  count: { type: integer, default: 1 }\n---\n# Count\n\n```sh {#hi}\necho hi\n```\n");
        t.write("fails.md", "# Fails\n\n```sh {#fails}\nexit 3\n```\n\n```sh {#after}\necho never\n```\n");
        japaneseToken = t.userWith("hanako", Role.OPERATOR, Role.EDITOR);
        browser = Browsers.signedIn(t, tmp, "/index.html", "hanako");
    }

    private void useLanguage(String lang) throws Exception {
        assertEquals(
                200,
                t.as(japaneseToken, "PUT", "/api/me/settings", "{\"language\":\"" + lang + "\"}")
                        .statusCode());
    }

    /** Opens {@code runbook} in the notebook in {@code lang} until Run all can be pressed. */
    private WebDriverWait openNotebook(String runbook, String lang) throws Exception {
        useLanguage(lang);
        browser.get(t.server.baseUrl() + "/notebook.html?runbook=" + runbook);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> lang.equals(d.findElement(By.tagName("html")).getDomAttribute("lang"))
                && "open".equals(d.findElement(By.id("connection")).getDomAttribute("data-state"))
                && d.findElement(By.id("run-all")).isEnabled());
        return wait;
    }

    private String refusalShown(String runbook, String lang, Runnable beforeRun) throws Exception {
        WebDriverWait wait = openNotebook(runbook, lang);
        beforeRun.run();
        browser.findElement(By.id("run-all")).click();
        return wait.until(d -> {
            var notices = d.findElements(By.cssSelector("#notice .notice-item.error .notice-text"));
            return notices.isEmpty() ? null : notices.getFirst().getText();
        });
    }

    @Test
    void freezeRefusal_inJapanese_thenInEnglish() throws Exception {
        String ja = refusalShown("frozen.md", "ja", () -> {});
        assertTrue(ja.contains("今は開始できません") && ja.contains("フリーズ期間 forever"), ja);
        assertFalse(ja.contains("may not start"), ja);
        String en = refusalShown("frozen.md", "en", () -> {});
        assertTrue(en.contains("may not start now") && en.contains("inside the freeze forever"), en);
    }

    @Test
    void paramRefusal_inJapanese() throws Exception {
        String ja = refusalShown("count.md", "ja", () -> {
            var input = browser.findElement(By.id("param-count"));
            input.clear();
            input.sendKeys("1.5");
        });
        assertTrue(ja.contains("パラメータ 'count' は整数でなければなりません"), ja);
    }

    /** The text of {@code css} inside cell {@code cellId} once it is there. */
    private static String inCell(WebDriverWait wait, String cellId, String css) {
        return wait.until(d -> {
            var found = d.findElements(By.cssSelector("[data-cell-id='" + cellId + "'] " + css));
            return found.isEmpty() || found.getFirst().getText().isBlank()
                    ? null
                    : found.getFirst().getText();
        });
    }

    @Test
    void failingCell_itsEndingInJapanese_thenInEnglish() throws Exception {
        WebDriverWait wait = openNotebook("fails.md", "ja");
        browser.findElement(By.id("run-all")).click();
        String note = inCell(wait, "fails", ".output-note.error");
        assertEquals("終了コード 3", note);
        wait.until(d -> d.findElement(By.cssSelector("[data-cell-id='fails'] .cell-meta"))
                .getText()
                .contains("終了コード 3"));
        String meta = browser.findElement(By.cssSelector("[data-cell-id='fails'] .cell-meta"))
                .getText();
        assertFalse(meta.contains("exit"), meta);
        assertEquals("スキップ: セル fails が成功しませんでした", inCell(wait, "after", ".output-note.error"));

        wait = openNotebook("fails.md", "en"); // the same events, read again from the snapshot, in English
        wait.until(d -> d.findElement(By.cssSelector("[data-cell-id='fails'] .cell-meta"))
                .getText()
                .contains("exit code 3"));
    }

    @Test
    void runPage_markdownReportInJapanese() throws Exception {
        useLanguage("ja");
        String runId = t.runEnded(t.as(japaneseToken, "POST", "/api/runs", "{\"runbook\":\"fails.md\"}"), "FAILED");
        browser.get(t.server.baseUrl() + "/run.html?id=" + runId);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        String href = wait.until(d -> {
            String h = d.findElement(By.id("run-report-md")).getDomProperty("href");
            return h != null && h.contains("report.md") ? h : null;
        });
        String markdown = (String) ((JavascriptExecutor) browser)
                .executeAsyncScript(
                        "const done = arguments[1]; fetch(arguments[0]).then((r) => r.text()).then(done,"
                                + " (e) => done(String(e)));",
                        href);
        assertTrue(markdown.startsWith("# 証跡 "), markdown);
        assertTrue(markdown.contains("`終了コード 3`") && markdown.contains("## パラメーター"), markdown);
        assertFalse(markdown.contains("exit code") || markdown.contains("## Parameters"), markdown);
    }

    @Test
    void signInPage_wrongPasswordInJapanese() throws Exception {
        openNotebook("fails.md", "ja"); // any page leaves its language for the sign-in page, which cannot ask
        browser.get(t.server.baseUrl() + "/login.html");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> "ja".equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
        browser.findElement(By.id("login-name")).sendKeys("nobody-here");
        browser.findElement(By.id("login-password")).sendKeys("not-the-password");
        browser.findElement(By.id("login-submit")).click();
        String error = wait.until(d -> {
            var e = d.findElement(By.id("login-error"));
            return e.isDisplayed() && !e.getText().isBlank() ? e.getText() : null;
        });
        assertEquals("ユーザー名またはパスワードが違います", error);
    }
}

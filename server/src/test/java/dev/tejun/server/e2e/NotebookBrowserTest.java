package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.server.ServerConfig;
import dev.tejun.server.TejunServer;
import dev.tejun.server.auth.Role;
import dev.tejun.server.auth.UserStore;
import dev.tejun.server.fixtures.Browsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End to end in a real headless Chromium (Debian's chromium and chromium-driver, installed by ./tejun test)
 * against the real server with the real shell executor.
 */
@Tag("e2e")
class NotebookBrowserTest {

    @TempDir
    static Path tmp;

    static CmdbStore cmdb;
    static TejunServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        Files.writeString(runbooks.resolve("demo.md"), """
                ---
                title: Demo
                ---
                # Demo <script>document.title='pwned'</script>

                ```sh {#quick streams=separate}
                echo hello-from-cell
                echo to-stderr >&2
                ```

                ```sh {#xss}
                echo "<img src=x onerror=document.title='pwned'>"
                ```

                ```sh {#slow}
                for i in 1 2 3 4 5 6; do echo "line $i"; sleep 0.5; done
                ```

                ```sh {#progress}
                printf 'step 1/3\\r'; sleep 0.3; printf 'step 2/3\\r'; sleep 0.3; printf 'step 3/3\\n'
                printf '\\033[32mabcdef\\033[0m\\rXY\\n'
                printf 'left\\r'; sleep 0.3; printf '\\nright\\n'
                echo after
                ```
                """);
        Files.writeString(runbooks.resolve("skip.md"), """
                # Skip

                ```sh {#breaks}
                exit 1
                ```

                ```sh {#after}
                echo output-of-an-earlier-run
                ```
                """);
        Files.writeString(runbooks.resolve("steps.md"), """
                # Steps

                1. Look at the disk:

                   ```sh {#in-step}
                   echo from-the-step
                   ```

                   Then read the numbers.
                2. Second step
                """);
        // the data folder's database as the run chose it (SQLite, or PostgreSQL in the second pass)
        cmdb = new CmdbStore(TestDatabases.settings(tmp.resolve("data")), Clock.systemUTC());
        server = TejunServer.start(new ServerConfig(
                "127.0.0.1",
                0,
                runbooks,
                tmp.resolve("data"),
                new ExecutorRegistry(List.of(new ShellExecutorFactory())),
                Clock.systemUTC(),
                cmdb));
        browser = Browsers.chromium(tmp.resolve("chrome-profile"));
        new UserStore(cmdb.database(), Clock.systemUTC())
                .create("op", "password-of-op", EnumSet.of(Role.VIEWER, Role.OPERATOR));
        signIn();
    }

    /** Through the real sign-in page: a page asked for before sign-in leads there and back. */
    static void signIn() {
        Browsers.signIn(browser, server.baseUrl(), "/notebook.html?runbook=demo.md", "op", "password-of-op");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.stop();
        }
        if (cmdb != null) {
            cmdb.close();
        }
    }

    private WebElement cell(String id) {
        return browser.findElement(By.cssSelector("[data-cell-id='" + id + "']"));
    }

    private String status(String id) {
        return cell(id).findElement(By.className("cell-status")).getAttribute("data-status");
    }

    private String output(String id) {
        return cell(id).findElement(By.className("cell-output")).getText();
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private void open() {
        browser.get(server.baseUrl() + "/notebook.html?runbook=demo.md");
        waiting()
                .until(d -> !d.findElements(By.cssSelector("[data-cell-id='slow']"))
                                .isEmpty()
                        && "open".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
    }

    @Test
    void runAll_cellSkipped_showsNoOutputOfAnEarlierRun() {
        browser.get(server.baseUrl() + "/notebook.html?runbook=skip.md");
        waiting()
                .until(d -> !d.findElements(By.cssSelector("[data-cell-id='after']"))
                                .isEmpty()
                        && "open".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
        cell("after").findElement(By.className("run-cell")).click();
        waiting().until(d -> "ok".equals(status("after")) && output("after").contains("output-of-an-earlier-run"));
        waiting().until(d -> "false".equals(d.findElement(By.id("run-all")).getDomProperty("disabled")));

        browser.findElement(By.id("run-all")).click();

        waiting().until(d -> "skipped".equals(status("after")));
        assertFalse(output("after").contains("output-of-an-earlier-run"), output("after"));
    }

    @Test
    void runCell_showsOutputAndStatus_andProseScriptStaysText() {
        open();
        assertFalse(browser.getTitle().contains("pwned"), "a script in prose must not run");
        assertTrue(browser.getPageSource().contains("&lt;script&gt;"), "the script shows as text");
        cell("quick").findElement(By.className("run-cell")).click();
        waiting().until(d -> "ok".equals(status("quick")));
        waiting()
                .until(d -> output("quick").contains("hello-from-cell")
                        && output("quick").contains("to-stderr"));
        assertEquals(
                1,
                cell("quick").findElements(By.cssSelector(".stderr, [data-stream='stderr']")).stream()
                        .filter(e -> e.getText().contains("to-stderr"))
                        .count(),
                "stderr is told apart from stdout");
    }

    @Test
    void runCell_carriageReturn_overwritesTheLineAsATerminalDoes() {
        open();
        cell("progress").findElement(By.className("run-cell")).click();
        waiting()
                .until(d ->
                        "ok".equals(status("progress")) && output("progress").contains("after"));

        String out = output("progress");
        assertTrue(out.contains("step 3/3\nXYcdef\nleft\nright\nafter"), out);
        assertFalse(out.contains("step 1/3") || out.contains("step 2/3"), out);
        assertEquals(
                "cdef",
                cell("progress")
                        .findElement(By.cssSelector(".cell-output .ansi-fg-2"))
                        .getText(),
                "what the carriage return did not overwrite keeps its colour");
    }

    @Test
    void cellOutputMarkup_staysText_andUserShown() {
        open();
        cell("xss").findElement(By.className("run-cell")).click();
        waiting().until(d -> "ok".equals(status("xss")));
        waiting().until(d -> output("xss").contains("<img src=x"));
        assertFalse(browser.getTitle().contains("pwned"), "output markup must not run");
        assertTrue(
                cell("xss").findElements(By.cssSelector(".cell-output img")).isEmpty(), "no element made from output");
        waiting().until(d -> d.findElement(By.id("signed-in-user")).getText().contains("op"));
    }

    @Test
    void reloadMidRun_stillShowsAllOutput() {
        open();
        cell("slow").findElement(By.className("run-cell")).click();
        waiting().until(d -> output("slow").contains("line 2"));
        browser.navigate().refresh();
        open();
        waiting().until(d -> "ok".equals(status("slow")));
        String text = output("slow");
        for (int i = 1; i <= 6; i++) {
            assertTrue(text.contains("line " + i), "line " + i + " missing after reload: " + text);
        }
    }

    @Test
    void nestedCell_drawnInsideItsListItem_runsFromThere() {
        browser.get(server.baseUrl() + "/notebook.html?runbook=steps.md");
        waiting()
                .until(d -> !d.findElements(By.cssSelector("[data-cell-id='in-step']"))
                                .isEmpty()
                        && "open".equals(d.findElement(By.id("connection")).getAttribute("data-state")));

        List<WebElement> inItem = browser.findElements(By.cssSelector("ol > li [data-cell-id='in-step']"));
        assertEquals(1, inItem.size(), "the cell sits inside the first step");
        WebElement item = browser.findElement(By.cssSelector("ol > li"));
        assertTrue(
                item.getText().contains("Look at the disk") && item.getText().contains("Then read the numbers"),
                item.getText());
        cell("in-step").findElement(By.className("run-cell")).click();
        waiting().until(d -> "ok".equals(status("in-step")));
        waiting().until(d -> output("in-step").contains("from-the-step"));
    }
}

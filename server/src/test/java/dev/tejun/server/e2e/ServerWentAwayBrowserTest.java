package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.evidence.EvidenceVerifier;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.TwoServers;
import dev.tejun.server.fixtures.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A notebook opened through server B whose session server A holds (two servers on one PostgreSQL, docs/cluster.md
 * §4), in a real Chromium: a cell run from the page runs in A's session, its output shown through B; when A stops,
 * the page says that the server holding the session went away, naming it, connects again by itself and runs the
 * next cell in a new session on B.
 */
@Tag("e2e")
class ServerWentAwayBrowserTest {

    private static final String RUNBOOK = "# Gone\n\n```sh {#where}\necho ran-in-a-session\n```\n";

    @TempDir
    Path temp;

    @Test
    void notebookThroughB_serverAHoldingItsSessionStops_pageSaysSoAndRunsOnInANewSession() throws Exception {
        TwoServers two = TwoServers.onOnePostgresql(temp);
        TestServer a = two.a();
        TestServer b = two.b();
        boolean aStopped = false;
        WebDriver browser = null;
        try {
            a.write("gone.md", RUNBOOK);
            b.write("gone.md", RUNBOOK);
            String nameA = a.server.node().orElseThrow().name();
            try (WsClient onA = a.connect("gone.md")) {
                onA.send("{\"type\":\"attach\",\"since\":0}");
                onA.next("snapshot"); // the first socket for the runbook reached A: A holds its session

                browser = Browsers.signedIn(b, temp, "/notebook.html?runbook=gone.md");
                WebDriverWait wait = Browsers.redrawing(browser);
                wait.until(d -> open(d) && !d.findElements(cell("where")).isEmpty());
                runWhere(browser, wait);
                assertEquals(1, runs(a).size(), "run in A's session");
                assertEquals(List.of(), runs(b));
            }

            // counts the page's connections from now on: the one after the drop is a new one
            ((JavascriptExecutor) browser).executeScript("""
                    const state = document.getElementById('connection');
                    window.reopened = 0;
                    new MutationObserver(() => { if (state.dataset.state === 'open') window.reopened++; })
                        .observe(state, { attributes: true, attributeFilter: ['data-state'] });""");
            a.close(); // A stops cleanly: its session ends, the page on B is told
            aStopped = true;
            WebDriver page = browser;
            WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(30));
            wait.until(d -> notices(d).contains("went away"));
            String told = notices(page);
            assertTrue(told.contains("server " + nameA), "names the server that held the session: " + told);

            // it connected again by itself: the next run is in a new session, on B
            wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript("return window.reopened")).intValue() > 0);
            // the page saw that the session is a new one (same id, the runbook's, but its seq behind the page's) and
            // cleared what it showed of the old one; before, it took the new session's first events for ones it had
            // seen, and the cell run next stayed shown queued
            wait.until(d -> "idle"
                    .equals(d.findElement(cell("where"))
                            .findElement(By.className("cell-status"))
                            .getAttribute("data-status")));
            runWhere(page, Browsers.redrawing(page));
            wait.until(d -> runs(b).size() == 1);
        } finally {
            if (browser != null) {
                browser.quit();
            }
            b.close();
            if (!aStopped) {
                a.close();
            }
        }
    }

    /** Runs cell {@code where} from the page and waits for its output. */
    private static void runWhere(WebDriver browser, WebDriverWait wait) {
        browser.findElement(cell("where")).findElement(By.className("run-cell")).click();
        try {
            wait.until(d -> {
                WebElement where = d.findElement(cell("where"));
                return "ok"
                                .equals(where.findElement(By.className("cell-status"))
                                        .getAttribute("data-status"))
                        && where.findElement(By.className("cell-output"))
                                .getText()
                                .contains("ran-in-a-session");
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            WebElement where = browser.findElement(cell("where"));
            throw new AssertionError(
                    "cell where: "
                            + where.findElement(By.className("cell-status")).getAttribute("data-status")
                            + " / " + where.getText() + "; notices: " + notices(browser) + "; connection: "
                            + browser.findElement(By.id("connection")).getDomAttribute("data-state"),
                    e);
        }
    }

    /** The runs in {@code t}'s evidence folder. */
    private static List<String> runs(TestServer t) {
        try {
            return EvidenceVerifier.runIds(t.data.resolve("evidence"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static By cell(String id) {
        return By.cssSelector("[data-cell-id='" + id + "']");
    }

    private static boolean open(WebDriver d) {
        return "open".equals(d.findElement(By.id("connection")).getDomAttribute("data-state"));
    }

    /** The text of the page's notices. */
    private static String notices(WebDriver d) {
        return d.findElement(By.id("notice")).getText();
    }
}

package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The runbook list shows each runbook's recent runs: the last run's status (a link to its run page), the success
 * rate, a strip with one mark per run oldest first, and a duration chart drawn by uPlot when opened; a runbook that
 * never ran says so. The filter leaves only the runbooks whose title or name holds its text.
 */
@Tag("e2e")
class RunHistoryBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        t.write("steady.md", """
                ---
                title: Steady job
                params:
                  fail: { default: "no" }
                ---
                # Steady

                ```sh {#check}
                test "${params.fail}" = no
                ```
                """);
        t.write("never.md", "---\ntitle: Never run\n---\n# Never\n");
        for (String fail : List.of("no", "no", "yes")) {
            var r = t.post("/api/runs", "{\"runbook\":\"steady.md\",\"params\":{\"fail\":\"" + fail + "\"}}");
            assertEquals(201, r.statusCode(), r.body());
            String runId = JSON.readTree(r.body()).get("runId").asText();
            Await.until(
                    () -> !JSON.readTree(t.get("/api/runs/" + runId).body())
                            .path("status")
                            .asText()
                            .equals("RUNNING"),
                    "run " + runId + " ends");
        }
        browser = Browsers.signedIn(t, temp, "/index.html");
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    static WebElement row(String runbook) {
        return browser.findElement(By.cssSelector("li.runbook[data-runbook='" + runbook + "']"));
    }

    @Test
    void index_runbooksWithRuns_showLastRunRateStripAndChart() {
        browser.get(t.server.baseUrl() + "/index.html");
        waiting()
                .until(d -> !d.findElements(By.cssSelector("li.runbook[data-runbook='steady.md'] .last-run"))
                        .isEmpty());
        WebElement steady = row("steady.md");
        WebElement last = steady.findElement(By.className("last-run"));
        assertEquals("failed", last.getAttribute("data-status"));
        assertTrue(last.getAttribute("href").contains("run.html?id="), last.getAttribute("href"));
        assertEquals(
                "67 % ok of 3 runs",
                steady.findElement(By.className("success-rate")).getText());
        List<String> strip = steady.findElements(By.cssSelector(".history-strip .history-run")).stream()
                .map(m -> m.getAttribute("data-status"))
                .toList();
        assertEquals(List.of("ok", "ok", "failed"), strip);
        assertEquals(
                "never run",
                row("never.md").findElement(By.className("runbook-history")).getText());

        steady.findElement(By.cssSelector(".history-trend > summary")).click();
        waiting()
                .until(d -> !steady.findElements(By.cssSelector(".history-chart .uplot canvas"))
                        .isEmpty());
    }

    @Test
    void index_filter_leavesOnlyMatchingRunbooks() {
        browser.get(t.server.baseUrl() + "/index.html");
        waiting()
                .until(d -> !d.findElements(By.cssSelector("li.runbook[data-runbook='never.md']"))
                        .isEmpty());
        browser.findElement(By.id("runbook-filter")).sendKeys("NEVER");
        waiting().until(d -> !row("steady.md").isDisplayed());
        assertTrue(row("never.md").isDisplayed());
        browser.findElement(By.id("runbook-filter")).sendKeys("-nothing");
        waiting().until(d -> d.findElement(By.id("runbooks-status")).getText().contains("No runbook matches"));
        assertFalse(row("never.md").isDisplayed());
    }
}

package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.SshdHosts;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
 * Ssh cells over three hosts of a real sshd, one of which fails. A cell over all three at once: the notebook shows a
 * host strip (2 ok, 1 failed as chips, a button per host in its state), a click on a host leaves only its lines in
 * the log, and the JSON summary is folded away; the run's HTML report shows the same chips. A rolling cell
 * ({@code batch=1}) whose second host fails: the strip shows a line per batch — batch 1 of 3 ok, batch 2 of 3 failed,
 * batch 3 of 3 skipped (held back by the failure).
 */
@Tag("e2e")
class HostStripBrowserTest {

    @TempDir
    static Path temp;

    @SshdHosts(3)
    static Sshd sshd;

    static TestServer t;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        t = TestServer.reaching(temp, sshd);
        // the third host's sshd address is in $SSH_CONNECTION there: that host fails, the other two print and pass
        t.write(
                "fleet.md",
                "# Fleet\n\n```ssh {#fan hosts=web}\necho \"line-from $SSH_CONNECTION\"\n"
                        + "case \"$SSH_CONNECTION\" in *\" " + sshd.address(2)
                        + " \"*) echo broken >&2; exit 3;; esac\n```\n");
        // here the second host fails, which holds back the third batch
        t.write(
                "roll.md",
                "# Roll\n\n```ssh {#roll hosts=web batch=1}\ncase \"$SSH_CONNECTION\" in *\" " + sshd.address(1)
                        + " \"*) echo broken >&2; exit 3;; esac\necho fine\n```\n");
        browser = Browsers.signedIn(t, temp, "/notebook.html?runbook=fleet.md");
    }

    @AfterAll
    static void stop() throws Exception {
        Browsers.stop(browser, t);
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(60));
    }

    static WebElement cell() {
        return cell("fan");
    }

    static WebElement cell(String id) {
        return browser.findElement(By.cssSelector("[data-cell-id='" + id + "']"));
    }

    /** What the cell's header says of its ending (after its duration). */
    static String meta() {
        String text = cell().findElement(By.className("cell-meta")).getText();
        return text.substring(text.lastIndexOf(" · ") + 3);
    }

    /** The visible lines of the cell's log, as the user sees them. */
    static String log() {
        return cell().findElement(By.className("cell-output")).getText();
    }

    /** Opens {@code runbook}'s notebook and runs cell {@code id}, once the page lets it. */
    static void run(String runbook, String id) {
        browser.get(t.server.baseUrl() + "/notebook.html?runbook=" + runbook);
        waiting().until(d -> cell(id).findElement(By.className("run-cell")).isEnabled());
        cell(id).findElement(By.className("run-cell")).click();
        waiting().until(d -> "failed".equals(cell(id).getAttribute("data-status")));
    }

    @Test
    void sshCell_threeHostsOneFailing_stripCountsFiltersAndReportShowsChips() throws Exception {
        run("fleet.md", "fan");
        WebElement strip = cell().findElement(By.className("host-strip"));
        waiting().until(d -> strip.findElements(By.className("host-button")).size() == 3);

        Map<String, String> chips = strip.findElements(By.className("host-chip")).stream()
                .collect(Collectors.toMap(c -> c.getAttribute("data-outcome"), c -> c.getAttribute("data-count")));
        assertEquals(Map.of("ok", "2", "failed", "1"), chips);
        Map<String, String> hosts = strip.findElements(By.className("host-button")).stream()
                .collect(Collectors.toMap(b -> b.getAttribute("data-host"), b -> b.getAttribute("data-status")));
        assertEquals(Map.of("web1", "ok", "web2", "ok", "web3", "failed"), hosts);

        waiting().until(d -> log().contains("web1 | line-from") && log().contains("web3 | broken"));
        strip.findElement(By.cssSelector(".host-button[data-host='web3']")).click();
        waiting().until(d -> !log().contains("web1 |"));
        String only = log();
        assertTrue(only.contains("web3 | line-from") && only.contains("web3 | broken"), only);
        assertFalse(only.contains("web2 |"), only);
        strip.findElement(By.className("host-all")).click();
        waiting().until(d -> log().contains("web1 |") && log().contains("web2 |"));

        WebElement folded = cell().findElement(By.className("result-folded"));
        assertEquals(null, folded.getAttribute("open"), "the JSON summary starts folded");

        String runId = new ObjectMapper()
                .readTree(t.get("/api/runs?runbook=fleet.md").body())
                .get(0)
                .get("runId")
                .asText();
        String report = t.get("/api/runs/" + runId + "/report.html").body();
        assertTrue(report.contains("data-outcome=\"ok\"><b>2</b> ok"), report);
        assertTrue(report.contains("data-outcome=\"failed\"><b>1</b> failed"), report);
        String ja = t.get("/api/runs/" + runId + "/report.html?lang=ja").body();
        assertTrue(ja.contains("成功 2、失敗 1(うまくいかなかったホスト: web3 失敗)"), ja);

        // how the cell ended, counted per host state, in the page's language
        assertEquals("2 ok, 1 failed: web3 failed", meta());
        assertEquals(200, t.put("/api/me/settings", "{\"language\":\"ja\"}").statusCode());
        try {
            browser.get(t.server.baseUrl() + "/notebook.html?runbook=fleet.md");
            Browsers.redrawing(browser).until(d -> meta().startsWith("成功 2、失敗 1"));
            assertEquals("成功 2、失敗 1(うまくいかなかったホスト: web3 失敗)", meta());
        } finally {
            t.put("/api/me/settings", "{\"language\":\"en\"}");
        }
    }

    @Test
    void sshCell_rollingWithAFailingSecondBatch_stripShowsEachBatchAndItsCounts() {
        run("roll.md", "roll");
        waiting()
                .until(d ->
                        cell("roll").findElements(By.className("host-batch")).size() == 3);

        List<WebElement> batches = cell("roll").findElements(By.className("host-batch"));
        assertEquals(
                List.of("1:ok:1", "2:failed:1", "3:skipped:1"),
                batches.stream()
                        .map(b -> b.getAttribute("data-batch") + ":" + b.getAttribute("data-counts"))
                        .toList());
        assertEquals("batch 1 of 3 1 ok", batches.get(0).getText());
        assertEquals("batch 3 of 3 1 skipped", batches.get(2).getText());
    }
}

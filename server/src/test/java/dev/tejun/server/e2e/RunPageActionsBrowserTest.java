package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.evidence.RunIds;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.SignedInNotebook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * A run's page in a real headless Chromium (issue 23 §5 and §7, issue 15): a failed run offers Resume and Retry failed
 * hosts, Resume starts the run that goes on from the failed cell and links it, and that run's page compares it with
 * the previous run of the runbook: per cell the status before and now, and the output that changed.
 */
@Tag("e2e")
class RunPageActionsBrowserTest {

    @TempDir
    Path tmp;

    @AutoClose
    SignedInNotebook notebook;

    @Test
    void runPage_failedRun_resumesAndTheNewRunComparesWithIt() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        Files.writeString(runbooks.resolve("steps.md"), """
                # Steps

                ```sh {#make}
                echo made
                ```

                ```sh {#gate}
                test -f mark && echo gate-open
                ```
                """);
        notebook = SignedInNotebook.start(
                tmp, runbooks, "op", EnumSet.of(Role.VIEWER, Role.OPERATOR), "/notebook.html?runbook=steps.md");
        var browser = notebook.browser();
        var waiting = Browsers.redrawing(browser).withTimeout(Duration.ofSeconds(60));
        waiting.until(d -> !d.findElements(By.cssSelector("[data-cell-id]")).isEmpty());
        waiting.until(d -> d.findElement(By.id("run-all")).isEnabled());
        browser.findElement(By.id("run-all")).click();
        waiting.until(d -> "failed".equals(d.findElement(By.id("run-status")).getDomAttribute("data-status")));
        String failed = runs().getFirst();

        String origin =
                browser.getCurrentUrl().substring(0, browser.getCurrentUrl().indexOf("/notebook.html"));
        browser.get(origin + "/run.html?id=" + failed);
        WebElement resume = waiting.until(d -> d.findElement(By.id("run-resume")));
        waiting.until(d -> resume.isDisplayed());
        assertTrue(browser.findElement(By.id("run-retry")).isDisplayed(), "a failed run offers its failed hosts");
        assertFalse(
                browser.findElement(By.id("run-compare-link")).isDisplayed(), "the first run has none to compare with");

        Files.writeString(runbooks.resolve("mark"), "fixed");
        resume.click();
        WebElement link = waiting.until(d -> d.findElement(By.cssSelector("#run-action-result .started-run")));
        String href = link.getDomAttribute("href");
        String resumed = href.substring(href.indexOf("id=") + 3);
        assertNotEquals(failed, resumed);
        Path runJson = tmp.resolve("data/evidence/" + resumed + "/run.json");
        waiting.until(d ->
                read(runJson).contains("\"finishedAt\" : \"") || read(runJson).contains("\"finishedAt\":\""));

        browser.get(origin + "/run.html?id=" + resumed);
        WebElement compare = waiting.until(d -> d.findElement(By.id("run-compare-link")));
        waiting.withMessage(() -> "the resumed run's page links the comparison with the failed run")
                .until(d -> compare.isDisplayed());
        assertFalse(browser.findElement(By.id("run-retry")).isDisplayed(), "a run that succeeded has none to retry");
        compare.click();
        waiting.until(d -> d.findElement(By.id("compare")).isDisplayed());
        assertEquals(failed, browser.findElement(By.id("compare-other")).getText());
        List<WebElement> gate = browser.findElements(By.xpath("//tbody[@id='compare-cells']/tr[td[1]='gate']/td"));
        assertEquals(4, gate.size(), browser.findElement(By.id("compare-cells")).getText());
        assertNotEquals(gate.get(1).getText(), gate.get(2).getText(), "gate failed before and ran now");
        assertTrue(
                gate.get(3).getText().contains("gate-open"),
                "the output that changed: " + gate.get(3).getText());
    }

    @Test
    void runPage_admin_placesAndLiftsALegalHold() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        Files.writeString(runbooks.resolve("one.md"), "# One\n\n```sh {#a}\necho a\nexit 3\n```\n");
        notebook = SignedInNotebook.start(
                tmp,
                runbooks,
                "boss",
                EnumSet.of(Role.VIEWER, Role.OPERATOR, Role.ADMIN),
                "/notebook.html?runbook=one.md");
        var browser = notebook.browser();
        var waiting = Browsers.redrawing(browser).withTimeout(Duration.ofSeconds(60));
        // the run is started over REST from the signed-in page, as any client of the API would
        String run = String.valueOf(((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/me').then((r) => r.json()).then((me) => fetch('/api/runs', {
                  method: 'POST',
                  headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken,
                    'X-Tejun-Client': 'web' },
                  body: JSON.stringify({ runbook: 'one.md' }),
                })).then((r) => r.json()).then((j) => done(j.runId || JSON.stringify(j)), (e) => done(String(e)));
                """));
        Path runJson = tmp.resolve("data/evidence/" + run + "/run.json");
        waiting.withMessage(() -> "run " + run + " ends")
                .until(d -> read(runJson).contains("\"finishedAt\" : \"")
                        || read(runJson).contains("\"finishedAt\":\""));
        String origin =
                browser.getCurrentUrl().substring(0, browser.getCurrentUrl().indexOf("/notebook.html"));
        browser.get(origin + "/run.html?id=" + run);

        WebElement reason = waiting.until(d -> d.findElement(By.id("run-hold-reason")));
        reason.sendKeys("audit 2026-12");
        browser.findElement(By.id("run-hold-place")).click();
        waiting.until(d -> d.findElement(By.id("run-hold")).getText().contains("audit 2026-12"));
        assertTrue(browser.findElement(By.id("run-hold-state")).getText().contains("boss"));
        browser.navigate().refresh();
        waiting.until(d -> d.findElement(By.id("run-hold")).getText().contains("audit 2026-12"));
        browser.findElement(By.id("run-hold-release")).click();
        waiting.withMessage(() ->
                        "lifted: " + browser.findElement(By.id("run-hold")).getText())
                .until(d -> !d.findElements(By.id("run-hold-place")).isEmpty());
        assertFalse(browser.findElement(By.id("run-hold")).getText().contains("audit 2026-12"));
    }

    private List<String> runs() throws Exception {
        try (Stream<Path> dirs = Files.list(tmp.resolve("data/evidence"))) {
            return dirs.map(p -> p.getFileName().toString())
                    .filter(RunIds::isRunId)
                    .sorted()
                    .toList();
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}

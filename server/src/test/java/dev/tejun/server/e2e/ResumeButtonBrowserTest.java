package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.SignedInNotebook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The notebook's Resume button (issue 15) in a real headless Chromium: a run-through that failed at a gate is
 * resumed from that gate through the REST resume once the gate is fixed; the cells before it are not run again.
 */
@Tag("e2e")
class ResumeButtonBrowserTest {

    @TempDir
    Path tmp;

    @AutoClose
    SignedInNotebook notebook;

    @Test
    void resumeButton_failedRun_goesOnFromTheFailedCell() throws Exception {
        // the cells run as the cell user, in the runbook's folder: the gate reads a mark there
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        Files.writeString(runbooks.resolve("steps.md"), """
                # Steps

                ```sh {#make}
                echo made
                ```

                ```sh {#gate}
                test -f mark
                ```

                ```sh {#use}
                echo "use ${cells.make.stdout}"
                ```
                """);
        notebook = SignedInNotebook.start(
                tmp, runbooks, "op", EnumSet.of(Role.VIEWER, Role.OPERATOR), "/notebook.html?runbook=steps.md");
        var browser = notebook.browser();
        // runs of real shells on a shared machine: a minute, not the usual 20 s
        var waiting = Browsers.redrawing(browser).withTimeout(java.time.Duration.ofSeconds(60));
        waiting.until(d -> !d.findElements(By.cssSelector("[data-cell-id]")).isEmpty());
        waiting.until(d -> d.findElement(By.id("run-all")).isEnabled());
        browser.findElement(By.id("run-all")).click();
        waiting.withMessage(() -> "the run-through ends failed at the gate; the run line says: "
                        + browser.findElement(By.id("run-status")).getText())
                .until(d -> "failed".equals(d.findElement(By.id("run-status")).getDomAttribute("data-status")));
        WebElement resume = browser.findElement(By.cssSelector("#run-status .resume-run"));

        Files.writeString(runbooks.resolve("mark"), "fixed");
        resume.click();
        WebElement link = waiting.until(d -> d.findElement(By.cssSelector("#run-status .resumed-run")));
        String href = link.getAttribute("href");
        String resumed = href.substring(href.indexOf("id=") + 3);
        assertTrue(link.getText().contains(resumed), link.getText());

        Path runJson = tmp.resolve("data/evidence/" + resumed + "/run.json");
        ObjectMapper json = new ObjectMapper();
        waiting.until(d -> Files.isRegularFile(runJson) && status(json, runJson).equalsIgnoreCase("ok"));
        String record = Files.readString(runJson);
        assertTrue(record.contains("\"use\""), record);
        Path useOut = tmp.resolve("data/evidence/" + resumed);
        try (var files = Files.walk(useOut)) {
            assertTrue(
                    files.filter(f -> f.getFileName().toString().startsWith("stdout"))
                            .anyMatch(f -> read(f).contains("use made")),
                    "the resumed run used the first run's output of make");
        }
        assertEquals("OK", status(json, runJson));
    }

    private static String status(ObjectMapper json, Path runJson) {
        try {
            return json.readTree(runJson.toFile()).path("status").asText();
        } catch (java.io.IOException e) {
            return ""; // being written
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

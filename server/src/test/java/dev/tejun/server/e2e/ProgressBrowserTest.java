package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.SignedInNotebook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * While Run all goes, the run line says which cell of how many is running and for how long the run has gone, and
 * the running cell's header shows its elapsed time (which moves on while it runs) and the size of its output so far.
 */
@Tag("e2e")
class ProgressBrowserTest {

    @TempDir
    static Path temp;

    static SignedInNotebook nb;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Path runbooks = Files.createDirectories(temp.resolve("runbooks"));
        // the second cell prints 2,500 bytes and then waits until the test stops the run
        Files.writeString(runbooks.resolve("steps.md"), """
                # Steps

                ```sh {#first}
                echo one
                ```

                ```sh {#second}
                head -c 2500 /dev/zero | tr '\\0' x; echo
                sleep 600
                ```

                ```sh {#third}
                echo three
                ```
                """);
        nb = SignedInNotebook.start(
                temp, runbooks, "op", EnumSet.of(Role.VIEWER, Role.OPERATOR), "/notebook.html?runbook=steps.md");
        browser = nb.browser();
    }

    @AfterAll
    static void stop() {
        if (nb != null) {
            nb.close();
        }
    }

    static WebDriverWait waiting() {
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(60))
                .withMessage(() -> "run line: " + runLine() + "; second cell: " + meta("second"));
    }

    static String meta(String cell) {
        return browser.findElement(By.cssSelector("[data-cell-id='" + cell + "'] .cell-meta"))
                .getText();
    }

    static String runLine() {
        return browser.findElement(By.id("run-status")).getText();
    }

    @Test
    void runAll_whileACellRuns_showsCellOfTotalElapsedAndOutputSize() throws Exception {
        waiting()
                .until(d -> !d.findElements(By.cssSelector("[data-cell-id='third']"))
                                .isEmpty()
                        && "open".equals(d.findElement(By.id("connection")).getAttribute("data-state"))
                        && "false".equals(d.findElement(By.id("run-all")).getDomProperty("disabled")));
        browser.findElement(By.id("run-all")).click();
        waiting().until(d -> runLine().contains("cell 2/3") && meta("second").contains("2.5 kB"));
        String before = meta("second");
        assertTrue(before.startsWith("running "), before);
        // the header ticks: the elapsed time it shows moves on while the cell runs
        waiting().until(d -> !meta("second").equals(before) && meta("second").contains("2.5 kB"));

        browser.findElement(By.id("stop")).click();
        waiting().until(d -> runLine().contains("stopped"));
        assertTrue(!meta("second").startsWith("running"), meta("second"));
        assertTrue(!runLine().contains("cell 2/3"), "the progress leaves with the run: " + runLine());
    }
}

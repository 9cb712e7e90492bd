package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.runbooks.NotebookImportApiTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The runbook list's Import button: a .ipynb chosen from disk becomes a runbook that opens in the notebook with the
 * notebook's saved output beside its cell, marked as recorded; once the cell runs here its own output replaces it.
 */
@Tag("e2e")
class ImportNotebookBrowserTest {

    @TempDir
    static Path temp;

    static TestServer t;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        t = new TestServer(temp);
        browser = Browsers.signedIn(t, temp, "/index.html");
    }

    @AfterAll
    static void stop() {
        Browsers.stop(browser, t);
    }

    static WebElement cell() {
        return browser.findElement(By.cssSelector("[data-cell-id='df-1']"));
    }

    @Test
    void importButton_aNotebookWithASavedOutput_opensWithTheRecordedOutputUntilTheCellRuns() throws Exception {
        Path notebook = Files.writeString(temp.resolve("disk-check.ipynb"), NotebookImportApiTest.NOTEBOOK);
        WebDriverWait waiting = new WebDriverWait(browser, Duration.ofSeconds(60));
        browser.findElement(By.cssSelector("#import-notebook > summary")).click();
        browser.findElement(By.cssSelector("#import-notebook-form input[name='file']"))
                .sendKeys(notebook.toString());
        browser.findElement(By.cssSelector("#import-notebook-form button[type='submit']"))
                .click();

        waiting.until(d -> d.getCurrentUrl().contains("notebook.html?runbook=disk-check.md"));
        waiting.until(d -> !cell().findElements(By.className("recorded-output")).isEmpty());
        String recorded = cell().findElement(By.className("recorded-output")).getText();
        assertTrue(recorded.contains("recorded-in-jupyter"), recorded);
        assertTrue(recorded.contains("disk-check.ipynb"), recorded);
        assertTrue(Files.exists(t.runbooks.resolve("disk-check.md")));

        waiting.until(d -> cell().findElement(By.className("run-cell")).isEnabled());
        cell().findElement(By.className("run-cell")).click();
        waiting.until(d -> "ok".equals(cell().getAttribute("data-status")));
        waiting.until(d -> cell().findElements(By.className("recorded-output")).isEmpty());
        waiting.until(
                d -> cell().findElement(By.className("cell-output")).getText().contains("live-here"));
    }
}

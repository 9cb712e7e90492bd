package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.runbooks.NotebookImportApiTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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

    /** A 1×1 PNG, as a kernel's display_data carries it (base64). */
    static final String PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    @Test
    void recordedOutput_aSavedImage_isDrawnAsAnImageNotNamedByItsType() throws Exception {
        String notebook = "{\"nbformat\":4,\"nbformat_minor\":2,\"metadata\":{\"kernelspec\":"
                + "{\"name\":\"python3\",\"language\":\"python\",\"display_name\":\"Python 3\"}},\"cells\":["
                + "{\"cell_type\":\"code\",\"metadata\":{\"lc_cell_meme\":{\"current\":\"plot-1\"}},"
                + "\"execution_count\":1,\"outputs\":["
                + "{\"output_type\":\"stream\",\"name\":\"stdout\",\"text\":[\"before-the-plot\\n\"]},"
                + "{\"output_type\":\"display_data\",\"metadata\":{},\"data\":{\"image/png\":\"" + PNG
                + "\\n\",\"text/plain\":[\"<Figure size 1x1>\"]}}],"
                + "\"source\":\"plot()\"}]}";
        HttpResponse<String> imported = t.post(
                "/api/runbooks/import",
                new ObjectMapper()
                        .createObjectNode()
                        .put("fileName", "plot.ipynb")
                        .put("notebook", notebook)
                        .toString());
        assertEquals(201, imported.statusCode(), imported.body());
        browser.get(t.uri("/notebook.html?runbook=plot.md").toString());
        WebDriverWait waiting = new WebDriverWait(browser, Duration.ofSeconds(60));
        By recorded = By.cssSelector("[data-cell-id='plot-1'] .recorded-output");
        waiting.until(d -> !d.findElements(recorded).isEmpty());

        WebElement box = browser.findElement(recorded);
        assertTrue(box.getText().contains("before-the-plot"), box.getText());
        assertFalse(box.getText().contains("[image/png]"), box.getText());
        WebElement image = box.findElement(By.cssSelector("img.result-image"));
        assertEquals("data:image/png;base64," + PNG, image.getAttribute("src"));
        waiting.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("return arguments[0].complete && arguments[0].naturalWidth === 1", image)));
    }
}

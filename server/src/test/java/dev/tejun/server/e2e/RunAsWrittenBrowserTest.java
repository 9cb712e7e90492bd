package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
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
 * Cells run as their authors wrote them, seen in the notebook after a real run: a pasted terminal session shows the
 * output pasted under each command beside the output it wrote now, a difference marked; a frozen cell shows as
 * frozen, never ok.
 */
@Tag("e2e")
class RunAsWrittenBrowserTest {

    @TempDir
    static Path temp;

    static TestServer t;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        t = new TestServer(temp);
        t.write("session.md", """
                # Pasted

                ```console {#pasted}
                $ echo same-line
                same-line
                $ echo new-line
                old-line
                $ true
                ```
                """);
        t.write("frozen.md", """
                # Frozen

                ```sh {#before}
                echo before-ran
                ```

                ```sh {#cold freeze=true}
                echo cold-ran
                ```

                ```sh {#after}
                echo after-ran
                ```
                """);
        browser = Browsers.signedIn(t, temp, "/notebook.html?runbook=session.md");
    }

    @AfterAll
    static void stop() {
        Browsers.stop(browser, t);
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    static WebElement cell(String id) {
        return browser.findElement(By.cssSelector("[data-cell-id='" + id + "']"));
    }

    static String status(String id) {
        return cell(id).findElement(By.className("cell-status")).getAttribute("data-status");
    }

    static void open(String runbook, String lastCell) {
        browser.get(t.server.baseUrl() + "/notebook.html?runbook=" + runbook);
        waiting()
                .until(d -> !d.findElements(By.cssSelector("[data-cell-id='" + lastCell + "']"))
                                .isEmpty()
                        && "open".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
    }

    @Test
    void runCell_pastedSession_pastedOutputBesideThisRunsAndTheDifferenceMarked() {
        open("session.md", "pasted");
        cell("pasted").findElement(By.className("run-cell")).click();
        WebElement table = waiting().until(d -> {
            List<WebElement> found = cell("pasted").findElements(By.cssSelector(".transcript-table"));
            return found.isEmpty() ? null : found.getFirst();
        });
        List<WebElement> rows = table.findElements(By.cssSelector("tbody tr"));
        assertEquals(3, rows.size(), table.getText());
        assertEquals("same", rows.get(0).getAttribute("data-verdict"));
        assertEquals("differs", rows.get(1).getAttribute("data-verdict"));
        assertEquals("unchecked", rows.get(2).getAttribute("data-verdict"));
        List<String> differs = rows.get(1).findElements(By.tagName("td")).stream()
                .map(WebElement::getText)
                .toList();
        assertEquals(List.of("$ echo new-line", "old-line", "new-line", "✗ differs"), differs);
        assertTrue(
                cell("pasted").getText().contains("1 command wrote other output than the pasted session shows"),
                cell("pasted").getText());
        String output = cell("pasted").findElement(By.className("cell-output")).getText();
        assertFalse(output.contains("\u001e"), output);
        waiting().until(d -> "ok".equals(status("pasted")));
    }

    @Test
    void runAll_frozenCell_shownFrozenNotRunAndTheRestRuns() {
        open("frozen.md", "after");
        waiting().until(d -> "false".equals(d.findElement(By.id("run-all")).getDomProperty("disabled")));
        browser.findElement(By.id("run-all")).click();
        waiting().until(d -> "ok".equals(status("after")));
        assertEquals("frozen", status("cold"));
        assertEquals("ok", status("before"));
        assertFalse(
                cell("cold").findElement(By.className("cell-output")).getText().contains("cold-ran"));
        assertTrue(
                cell("after").findElement(By.className("cell-output")).getText().contains("after-ran"));
    }
}

package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.auth.Role;
import dev.tejun.server.cmdb.CmdbSamples;
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

/** A viewer sees the controls their roles do not allow disabled, each naming the role it needs (issue 17 §1). */
@Tag("e2e")
class ViewerControlsBrowserTest {

    @TempDir
    static Path tmp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        t.write("book.md", """
                ---
                params:
                  env: { default: staging }
                ---
                # Book

                ```sh {#hello}
                echo hello
                ```
                """);
        CmdbSamples.fill(t.cmdb);
        t.userWith("reader", Role.VIEWER);
        browser = Browsers.signedIn(t, tmp, "/notebook.html?runbook=book.md", "reader");
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private static void assertNeeds(WebElement control, String role) {
        assertEquals("true", control.getDomProperty("disabled"), control.getAttribute("outerHTML"));
        assertEquals("needs " + role, control.getAttribute("title"));
    }

    @Test
    void notebook_asViewer_runAndEditControlsDisabledNamingTheRole() {
        browser.get(t.server.baseUrl() + "/notebook.html?runbook=book.md");
        waiting().until(d -> "operator".equals(d.findElement(By.id("run-all")).getAttribute("data-needs")));
        assertNeeds(browser.findElement(By.id("run-all")), "operator");
        assertNeeds(browser.findElement(By.id("stop")), "operator");
        assertNeeds(browser.findElement(By.cssSelector("[data-cell-id='hello'] .run-cell")), "operator");
        assertNeeds(browser.findElement(By.cssSelector(".prose-cell .edit-prose")), "editor");
        waiting()
                .until(d ->
                        "editor".equals(d.findElement(By.id("delete-runbook")).getAttribute("data-needs")));
        assertNeeds(browser.findElement(By.id("delete-runbook")), "editor");
        assertNeeds(browser.findElement(By.cssSelector("#move-runbook-form button[type=submit]")), "editor");
        assertEquals("true", browser.findElement(By.id("param-env")).getDomProperty("disabled"));
        assertEquals(
                "needs editor",
                browser.findElement(By.cssSelector("[data-cell-id='hello'] .cell-editor"))
                        .getAttribute("title"));
        for (WebElement button : browser.findElements(By.tagName("button"))) {
            String text = button.getDomProperty("textContent");
            String name = text == null || text.isBlank() ? button.getAttribute("aria-label") : text;
            assertTrue(
                    name != null && !name.isBlank(), "every button is labelled: " + button.getAttribute("outerHTML"));
        }
    }

    @Test
    void cmdbGrid_asViewer_cellsDisabledNamingTheRole() {
        browser.get(t.server.baseUrl() + "/cmdb.html?sheet=web");
        waiting()
                .until(d -> !d.findElements(By.cssSelector("#grid[data-sheet='web'] tbody tr"))
                        .isEmpty());
        List<WebElement> cells = browser.findElements(By.cssSelector("#grid tbody .cell-input"));
        assertTrue(!cells.isEmpty());
        for (WebElement cell : cells) {
            assertNeeds(cell, "editor");
        }
    }
}

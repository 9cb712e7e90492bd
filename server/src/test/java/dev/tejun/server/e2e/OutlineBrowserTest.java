package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A long runbook has an outline beside it at 1400 px and more: its headings as links (the ids the server gives every
 * heading), which take the page there; a short one has none. Prose is GitHub-flavoured: ~~strikethrough~~ and bare
 * URLs as links.
 */
@Tag("e2e")
class OutlineBrowserTest {

    @TempDir
    static Path temp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        t.write("long.md", """
                # Patch web servers

                ## Check disk

                ```sh {#disk}
                df -h /
                ```

                ## Restart

                The ~~old~~ way is gone; see https://example.org/restart first.

                ### Verify

                Done.
                """);
        t.write("short.md", "# Short\n\n## Only step\n");
        browser = Browsers.signedIn(t, temp, "/notebook.html?runbook=long.md");
        browser.manage().window().setSize(new Dimension(1500, 900));
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @Test
    void notebook_longRunbook_outlineLinksToEachHeading() {
        browser.get(t.server.baseUrl() + "/notebook.html?runbook=long.md");
        WebElement outline = waiting().until(d -> {
            WebElement o = d.findElement(By.id("outline"));
            return o.isDisplayed() ? o : null;
        });
        List<String> links = outline.findElements(By.tagName("a")).stream()
                .map(a -> a.getText() + " " + a.getAttribute("href").replaceAll(".*#", "#"))
                .toList();
        assertEquals(
                List.of(
                        "Patch web servers #patch-web-servers",
                        "Check disk #check-disk",
                        "Restart #restart",
                        "Verify #verify"),
                links);
        outline.findElement(By.linkText("Restart")).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("#restart"));
        assertTrue(browser.findElement(By.id("restart")).isDisplayed());

        WebElement prose = browser.findElement(By.id("restart")).findElement(By.xpath("following-sibling::p[1]"));
        assertEquals("old", prose.findElement(By.tagName("del")).getText());
        assertEquals(
                "https://example.org/restart",
                prose.findElement(By.tagName("a")).getAttribute("href"));
    }

    @Test
    void notebook_shortRunbook_hasNoOutline() {
        browser.get(t.server.baseUrl() + "/notebook.html?runbook=short.md");
        waiting()
                .until(d ->
                        !d.findElements(By.cssSelector("#cells .prose-html h2")).isEmpty());
        assertFalse(browser.findElement(By.id("outline")).isDisplayed());
    }
}

package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The runbook list as a tree of folders, with each runbook's front matter tags; a click on a tag filters by it. */
@Tag("e2e")
class RunbookTreeBrowserTest {

    @TempDir
    Path temp;

    TestServer t;
    WebDriver browser;

    @AfterEach
    void stop() {
        Browsers.stop(browser, t);
    }

    private List<String> shown() {
        return browser.findElements(By.cssSelector("#runbooks li.runbook")).stream()
                .filter(WebElement::isDisplayed)
                .map(li -> li.getDomAttribute("data-runbook"))
                .toList();
    }

    @Test
    void list_foldersAsTreeAndTagsFilter() throws Exception {
        t = new TestServer(temp);
        t.write("top.md", "# Top\n");
        t.write("ops/patch.md", "---\ntitle: Patch\ntags: [web, monthly]\n---\n# Patch\n");
        t.write("ops/deep/dig.md", "---\ntags: db\n---\n# Dig\n");
        browser = Browsers.signedIn(t, temp, "/index.html");
        WebDriverWait wait = (WebDriverWait)
                new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class);
        wait.until(d -> d.findElements(By.cssSelector("#runbooks li.runbook")).size() == 3);

        WebElement ops = browser.findElement(By.cssSelector("details.runbook-folder[data-folder='ops']"));
        assertEquals("ops/", ops.findElement(By.tagName("summary")).getText());
        assertEquals(
                "ops/patch.md", ops.findElement(By.cssSelector("li.runbook")).getDomAttribute("data-runbook"));
        assertTrue(browser.findElement(By.cssSelector("#runbooks > li.runbook[data-runbook='top.md']"))
                .isDisplayed());

        browser.findElement(By.xpath("//li[@data-runbook='ops/patch.md']//button[text()='#monthly']"))
                .click();

        wait.until(d -> shown().equals(List.of("ops/patch.md")));
        assertEquals("#monthly", browser.findElement(By.id("runbook-filter")).getDomProperty("value"));
        assertTrue(
                !browser.findElement(By.cssSelector("details.runbook-folder[data-folder='ops/deep']"))
                        .isDisplayed(),
                "a folder with nothing to show is hidden");
    }
}

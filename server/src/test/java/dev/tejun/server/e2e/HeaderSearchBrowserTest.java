package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.cmdb.CmdbSamples;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The header's search box, from a page that is not the runbook list: type, pick a runbook, land in its notebook. */
@Tag("e2e")
class HeaderSearchBrowserTest {

    @TempDir
    Path temp;

    TestServer t;
    WebDriver browser;

    @AfterEach
    void stop() {
        Browsers.stop(browser, t);
    }

    @Test
    void headerSearch_fromTheEvidencePage_findsRunbookAndRowAndOpensTheNotebook() throws Exception {
        t = new TestServer(temp);
        CmdbSamples.fill(t.cmdb);
        t.write("ops/patch-web.md", "---\ntitle: Patch the web servers\ntags: [nginx]\n---\n# Patch\n");
        browser = Browsers.signedIn(t, temp, "/evidence.html");
        WebDriverWait wait = (WebDriverWait)
                new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class);
        WebElement box = wait.until(d -> d.findElement(By.id("header-search")));

        box.sendKeys("8081");
        wait.until(d -> d.findElement(By.id("header-search-results")).getText().contains("web #"));
        WebElement row = browser.findElement(By.cssSelector("#header-search-results a[href^='cmdb.html']"));
        assertTrue(row.getDomAttribute("href").contains("sheet=web"), row.getDomAttribute("href"));

        box.clear();
        box.sendKeys("nginx");
        By hit = By.cssSelector("#header-search-results a[href^='notebook.html']");
        wait.until(d -> d.findElement(hit).getText().equals("Patch the web servers"));
        browser.findElement(hit).click();
        wait.until(d -> d.getCurrentUrl().contains("notebook.html?runbook=ops%2Fpatch-web.md"));
    }
}

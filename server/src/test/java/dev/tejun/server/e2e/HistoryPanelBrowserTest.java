package dev.tejun.server.e2e;

import static dev.tejun.kernel.folder.TestGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The notebook's history panel against real Git: two commits of a runbook are listed (author, message), and the diff
 * from the first commit to the file now names the one cell that changed since, with its added line.
 */
@Tag("e2e")
class HistoryPanelBrowserTest {

    @TempDir
    static Path temp;

    static TestServer t;
    static WebDriver browser;
    static String first;

    @BeforeAll
    static void start() throws Exception {
        t = new TestServer(temp);
        t.write("disk.md", "# Disk\n\n```sh {#df}\ndf -h /\n```\n\n```sh {#up}\nuptime\n```\n");
        git(t.runbooks, "init", "-q", "-b", "main");
        git(t.runbooks, "add", ".");
        git(t.runbooks, "commit", "-q", "-m", "first version");
        first = git(t.runbooks, "rev-parse", "HEAD");
        Files.writeString(
                t.runbooks.resolve("disk.md"),
                "# Disk\n\n```sh {#df}\ndf -h / /var\n```\n\n```sh {#up}\nuptime\n```\n");
        git(t.runbooks, "commit", "-q", "-am", "check /var too");
        Files.writeString(
                t.runbooks.resolve("disk.md"),
                "# Disk\n\n```sh {#df}\ndf -h / /var\n```\n\n```sh {#up}\nuptime -p\n```\n");
        browser = Browsers.signedIn(t, temp, "/notebook.html?runbook=disk.md");
    }

    @AfterAll
    static void stop() {
        Browsers.stop(browser, t);
    }

    @BeforeEach
    void freshPage() {
        browser.get(t.uri("/notebook.html?runbook=disk.md").toString());
    }

    @Test
    void historyPanel_twoCommitsAndAnEditOnDisk_listsCommitsAndDiffsByCell() {
        WebDriverWait waiting = new WebDriverWait(browser, Duration.ofSeconds(60));
        waiting.until(d -> !d.findElements(By.cssSelector("#history > summary")).isEmpty());
        browser.findElement(By.cssSelector("#history > summary")).click();
        waiting.until(d -> d.findElements(By.className("history-commit")).size() == 2);

        List<WebElement> commits = browser.findElements(By.className("history-commit"));
        assertTrue(
                commits.get(0).getText().contains("check /var too"),
                commits.get(0).getText());
        assertTrue(
                commits.get(1).getText().contains("first version"),
                commits.get(1).getText());
        new Select(browser.findElement(By.cssSelector("#history select[name='from']"))).selectByValue(first);
        new Select(browser.findElement(By.cssSelector("#history select[name='to']"))).selectByValue("disk");
        browser.findElement(By.className("history-show")).click();
        waiting.until(d -> !d.findElements(By.className("diff-part")).isEmpty());

        List<WebElement> parts = browser.findElements(By.className("diff-part"));
        assertEquals(
                List.of("df", "up"),
                parts.stream().map(p -> p.getAttribute("data-key")).toList());
        assertTrue(parts.get(0).findElement(By.className("diff-add")).getText().contains("+df -h / /var"));
    }

    @Test
    void outputsInEachVersion_aRunOfTheFileNow_showsTheCellsCodeAndOutputOfThatVersion() throws Exception {
        String runId = t.runEnded(t.post("/api/runs", "{\"runbook\":\"disk.md\"}"), "OK");
        WebDriverWait waiting = new WebDriverWait(browser, Duration.ofSeconds(60));
        waiting.until(d -> !d.findElements(By.cssSelector("#history > summary")).isEmpty());
        browser.findElement(By.cssSelector("#history > summary")).click();
        waiting.until(d -> d.findElements(By.className("history-commit")).size() == 2);
        new Select(browser.findElement(By.cssSelector("#history select[name='from']"))).selectByValue(first);
        new Select(browser.findElement(By.cssSelector("#history select[name='to']"))).selectByValue("disk");
        browser.findElement(By.className("history-show")).click();
        By up = By.cssSelector(".diff-part[data-key='up']");
        waiting.until(d -> !d.findElements(up).isEmpty());

        browser.findElement(up).findElement(By.className("cell-versions-show")).click();
        waiting.until(d ->
                !d.findElement(up).findElements(By.className("cell-version")).isEmpty());

        WebElement row = browser.findElement(up).findElement(By.className("cell-version"));
        assertEquals(runId, row.getAttribute("data-run"));
        assertTrue(row.findElement(By.className("cell-version-input")).getText().contains("uptime -p"), row.getText());
        assertTrue(
                row.findElement(By.className("cell-version-output")).getText().startsWith("up "), row.getText());
        assertTrue(row.getText().contains("OK"), row.getText());
    }
}

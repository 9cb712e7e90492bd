package dev.tejun.server.e2e;

import static dev.tejun.kernel.folder.TestGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The four-eyes merge from the notebook against real Git: alice saves on her branch (commit on save, per-user); bob,
 * an approver, reads the diff of her commit in the History and diff panel and merges that reviewed commit into main.
 */
@Tag("e2e")
class MergeBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TEXT = "# Disk\n\n```sh {#df}\ndf -h /\n```\n";

    @TempDir
    Path temp;

    TestServer t;
    WebDriver browser;

    @AfterEach
    void stop() {
        Browsers.stop(browser, t);
    }

    @Test
    void mergeForm_anApproverMergesTheCommitTheyReviewed_mainHoldsTheChange() throws Exception {
        Settings settings = Settings.of(
                Map.of(), Map.of(), Map.of(Key.GIT_COMMIT_ON_SAVE, "true", Key.GIT_BRANCH_POLICY, "per-user"));
        t = new TestServer(temp, config -> config.with(settings));
        t.write("disk.md", TEXT);
        git(t.runbooks, "init", "-q", "-b", "main");
        git(t.runbooks, "add", ".");
        git(t.runbooks, "commit", "-q", "-m", "start");
        String start = git(t.runbooks, "rev-parse", "main");
        String alice = t.userWith("alice", Role.EDITOR);
        t.userWith("bob", Role.APPROVER);
        String version = JSON.readTree(
                        t.as(alice, "GET", "/api/runbooks/disk.md", null).body())
                .path("version")
                .asText();
        HttpResponse<String> saved = t.as(
                alice,
                "PUT",
                "/api/runbooks/disk.md",
                JSON.createObjectNode()
                        .put("text", TEXT.replace("df -h /", "df -h / /var"))
                        .put("version", version)
                        .put("message", "check /var too")
                        .toString());
        assertEquals(200, saved.statusCode(), saved.body());
        String reviewed = saved.headers().firstValue("Tejun-Commit").orElseThrow();

        browser = Browsers.signedIn(t, temp, "/notebook.html?runbook=disk.md", "bob");
        WebDriverWait waiting = new WebDriverWait(browser, Duration.ofSeconds(60));
        waiting.until(d -> !d.findElements(By.cssSelector("#history > summary")).isEmpty());
        browser.findElement(By.cssSelector("#history > summary")).click();
        waiting.until(d -> d.findElements(By.className("history-commit")).size() == 2);
        new Select(browser.findElement(By.cssSelector("#history select[name='from']"))).selectByValue(start);
        new Select(browser.findElement(By.cssSelector("#history select[name='to']"))).selectByValue(reviewed);
        browser.findElement(By.className("history-show")).click();
        waiting.until(d ->
                !d.findElements(By.cssSelector(".diff-part[data-key='df']")).isEmpty());
        browser.findElement(By.cssSelector(".history-merge-box > summary")).click();
        browser.findElement(By.cssSelector(".history-merge-form input[name='branch']"))
                .sendKeys("tejun/alice");
        browser.findElement(By.className("history-merge")).click();

        waiting.until(d ->
                !d.findElement(By.className("history-merge-said")).getText().isEmpty());
        String said = browser.findElement(By.className("history-merge-said")).getText();
        assertTrue(said.contains("main"), said);
        assertTrue(git(t.runbooks, "show", "main:disk.md").contains("df -h / /var"));
        assertTrue(git(t.runbooks, "log", "-1", "--format=%B", "main").contains("Approved-by: bob"));
    }
}

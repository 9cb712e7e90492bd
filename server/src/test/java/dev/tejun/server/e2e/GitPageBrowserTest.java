package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.auth.Role;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.git.RemoteRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Git remote page in real Chromium: an admin pulls bob's push with the button and sees each file's check; a
 * conflict lists the file and leaves the unsaved edit; a viewer sees the page without the buttons.
 */
@Tag("e2e")
class GitPageBrowserTest {

    @TempDir
    Path temp;

    TestServer t;
    RemoteRepos remote;
    WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        remote = RemoteRepos.under(temp);
        Settings settings = Settings.of(
                Map.of(), Map.of(), Map.of(Key.GIT_REMOTE_URL, remote.bare().toString()));
        t = new TestServer(temp, config -> config.with(settings));
        remote.checkOut(t.runbooks);
        browser = Browsers.chromium(temp.resolve("chrome-profile"));
    }

    @AfterEach
    void stop() {
        Browsers.stop(browser, t);
    }

    private WebDriverWait waiting() {
        return Browsers.redrawing(browser);
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    @Test
    void pullButton_bringsBobsPushAndShowsEachFilesCheck() throws Exception {
        remote.bobPushes("bad.md", "---\ntitle: [unclosed\n---\n# Bad\n");
        Browsers.signIn(browser, t.server.baseUrl(), "/git.html", "tester", TestServer.password("tester"));
        waiting().until(d -> text("#git-remote").contains(remote.bare().toString()));

        browser.findElement(By.id("git-pull")).click();

        waiting().until(d -> text("#git-files").contains("bad.md"));
        assertTrue(text("#git-files").contains("failed"), text("#git-files"));
        assertTrue(text("#git-recent").contains("pull"), text("#git-recent"));
        assertTrue(Files.exists(t.runbooks.resolve("bad.md")));
    }

    @Test
    void pullButton_overAnUnsavedEdit_listsTheConflictAndKeepsTheEdit() throws Exception {
        Files.writeString(t.runbooks.resolve("disk.md"), "# Disk, being edited\n");
        remote.bobPushes("disk.md", "# Disk, by bob\n");
        Browsers.signIn(browser, t.server.baseUrl(), "/git.html", "tester", TestServer.password("tester"));
        waiting().until(d -> d.findElement(By.id("git-pull")).isDisplayed());

        browser.findElement(By.id("git-pull")).click();

        waiting().until(d -> text("#git-conflicts").contains("disk.md"));
        assertEquals("# Disk, being edited\n", Files.readString(t.runbooks.resolve("disk.md")));
    }

    @Test
    void page_forAViewer_hasNoButtons() throws Exception {
        t.userWith("vera", Role.VIEWER);
        Browsers.signIn(browser, t.server.baseUrl(), "/git.html", "vera", TestServer.password("vera"));
        waiting().until(d -> text("#git-remote").contains(remote.bare().toString()));

        assertFalse(browser.findElement(By.id("git-pull")).isDisplayed());
    }
}

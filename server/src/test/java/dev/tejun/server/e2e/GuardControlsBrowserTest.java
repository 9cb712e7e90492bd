package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.TejunServer;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.SignedInNotebook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * The notebook's guard-rail controls (issue 23) in a real headless Chromium: the runbook's windows above its cells
 * with an approver's override button, and the Preview button, which previews even inside a freeze.
 */
@Tag("e2e")
class GuardControlsBrowserTest {

    @TempDir
    static Path tmp;

    static SignedInNotebook notebook;
    static TejunServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        Files.createDirectories(runbooks.resolve("calendars"));
        Files.writeString(
                runbooks.resolve("calendars/forever.yaml"),
                "type: block\ntimezone: UTC\nwindows:\n  - from: 2000-01-01\n    to: 2100-01-01\n");
        String frozen = "---\nblackouts: [forever]\n---\n# Frozen\n\n```sh {#go}\necho hi\n```\n";
        Files.writeString(runbooks.resolve("frozen.md"), frozen);
        Files.writeString(runbooks.resolve("look.md"), frozen);
        notebook = SignedInNotebook.start(
                tmp,
                runbooks,
                "ap",
                EnumSet.of(Role.VIEWER, Role.OPERATOR, Role.APPROVER),
                "/notebook.html?runbook=frozen.md");
        server = notebook.server();
        browser = notebook.browser();
    }

    @AfterAll
    static void stop() {
        if (notebook != null) {
            notebook.close();
        }
    }

    /** Waits, asking again when the notebook re-drew an element between finding it and reading it. */
    private FluentWait<WebDriver> waiting() {
        return Browsers.redrawing(browser);
    }

    private void open(String runbook) {
        browser.get(server.baseUrl() + "/notebook.html?runbook=" + runbook);
        waiting().until(d -> !d.findElements(By.cssSelector("[data-cell-id]")).isEmpty());
    }

    @Test
    void windowBanner_insideFreeze_showsWhyAndApproverGrantsOverride() {
        open("frozen.md");
        waiting().until(d -> !d.findElements(By.id("grant-override")).isEmpty());
        String banner = browser.findElement(By.className("window-banner")).getText();
        assertTrue(banner.contains("inside freeze forever"), banner);
        ((JavascriptExecutor) browser).executeScript("window.prompt = () => 'CHG-9 from the browser';");
        browser.findElement(By.id("grant-override")).click();
        waiting()
                .until(d ->
                        d.findElement(By.className("window-banner")).getText().contains("CHG-9 from the browser"));
        assertTrue(browser.findElements(By.id("grant-override")).isEmpty(), "one override at a time");
    }

    @Test
    void previewButton_insideFreeze_opensThePreviewRun() {
        open("look.md");
        ((JavascriptExecutor) browser).executeScript("window.open = (url) => { window.openedUrl = url; };");
        browser.findElement(By.id("preview")).click();
        waiting()
                .until(d -> ((JavascriptExecutor) d).executeScript("return window.openedUrl || ''") instanceof String s
                        && s.startsWith("run.html?id="));
    }
}

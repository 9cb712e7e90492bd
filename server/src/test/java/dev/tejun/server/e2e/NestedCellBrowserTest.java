package dev.tejun.server.e2e;

import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.server.ServerConfig;
import dev.tejun.server.TejunServer;
import dev.tejun.server.audit.ServerDatabase;
import dev.tejun.server.auth.Role;
import dev.tejun.server.auth.UserStore;
import dev.tejun.server.fixtures.Browsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cell inside a numbered step is drawn inside that step, with its Run button, in a real Chromium. */
class NestedCellBrowserTest {

    @TempDir
    static Path tmp;

    static TejunServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        Files.writeString(runbooks.resolve("steps.md"), """
                # Steps

                1. Look at the disk:

                   ```sh {#in-step}
                   echo from-the-step
                   ```

                   Then read the numbers.
                2. Second step
                """);
        server = TejunServer.start(new ServerConfig("127.0.0.1", 0, runbooks, tmp.resolve("data"),
                new ExecutorRegistry(List.of(new ShellExecutorFactory())), Clock.systemUTC()));
        browser = Browsers.chromium(tmp.resolve("chrome-profile"));
        new UserStore(new ServerDatabase(tmp.resolve("data").resolve("tejun.db")), Clock.systemUTC())
                .create("op", "password-of-op", EnumSet.of(Role.VIEWER, Role.OPERATOR));
        Browsers.signIn(browser, server.baseUrl(), "/notebook.html?runbook=steps.md", "op", "password-of-op");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void nestedCell_drawnInsideItsListItem_runsFromThere() {
        WebDriverWait waiting = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(server.baseUrl() + "/notebook.html?runbook=steps.md");
        waiting.until(d -> !d.findElements(By.cssSelector("[data-cell-id='in-step']")).isEmpty()
                && "open".equals(d.findElement(By.id("connection")).getAttribute("data-state")));

        List<WebElement> inItem = browser.findElements(By.cssSelector("ol > li [data-cell-id='in-step']"));
        assertEquals(1, inItem.size(), "the cell sits inside the first step");
        WebElement item = browser.findElement(By.cssSelector("ol > li"));
        assertTrue(item.getText().contains("Look at the disk") && item.getText().contains("Then read the numbers"),
                item.getText());
        WebElement cell = inItem.getFirst();
        cell.findElement(By.className("run-cell")).click();
        waiting.until(d -> "ok".equals(cell.findElement(By.className("cell-status")).getAttribute("data-status")));
        waiting.until(d -> cell.findElement(By.className("cell-output")).getText().contains("from-the-step"));
    }
}

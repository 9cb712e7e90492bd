package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.exec.jupyter.JupyterExecutorFactory;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
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
 * "Restart kernel" on a python cell against a real ipykernel: a variable set by one cell is seen by the next, and
 * after the restart it is gone (the next cell fails with NameError), as in Jupyter; the restart is audited.
 */
@Tag("e2e")
class KernelRestartBrowserTest {

    @TempDir
    static Path temp;

    static TestServer t;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        t = new TestServer(
                temp, TestServer.executors(c -> List.of(new ShellExecutorFactory(), JupyterExecutorFactory.python())));
        t.write(
                "kernel.md",
                "# Kernel\n\n```python {#set}\nx = 41\n```\n\n```python {#use}\nprint('answer', x + 1)\n```\n");
        browser = Browsers.signedIn(t, temp, "/notebook.html?runbook=kernel.md");
    }

    @AfterAll
    static void stop() {
        Browsers.stop(browser, t);
    }

    static WebElement cell(String id) {
        return browser.findElement(By.cssSelector("[data-cell-id='" + id + "']"));
    }

    static void run(WebDriverWait waiting, String id, String status) {
        waiting.until(d -> cell(id).findElement(By.className("run-cell")).isEnabled());
        cell(id).findElement(By.className("run-cell")).click();
        waiting.until(d -> status.equals(cell(id).getAttribute("data-status")));
    }

    @Test
    void restartKernel_afterAVariableWasSet_theNextCellNoLongerSeesIt() throws Exception {
        WebDriverWait waiting = new WebDriverWait(browser, Duration.ofSeconds(90));
        run(waiting, "set", "ok");
        run(waiting, "use", "ok");
        waiting.until(d ->
                cell("use").findElement(By.className("cell-output")).getText().contains("answer 42"));

        waiting.until(
                d -> !cell("set").findElements(By.className("restart-kernel")).isEmpty());
        cell("set").findElement(By.className("restart-kernel")).click();
        waiting.until(d -> d.findElement(By.id("notice")).getText().contains("kernel was restarted"));
        run(waiting, "use", "failed");

        String output = cell("use").findElement(By.className("cell-output")).getText();
        assertTrue(output.contains("NameError"), output);
        String audit = t.get("/api/audit?action=session.restart").body();
        assertTrue(audit.contains("kernel.md") && audit.contains("python"), audit);
    }
}

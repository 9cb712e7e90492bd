package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Files;
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
 * A rolling ssh cell ({@code batch=1}) over three hosts of a real sshd whose second host fails: the host strip shows
 * a line per batch — batch 1 of 3 ok, batch 2 of 3 failed, batch 3 of 3 skipped (held back by the failure).
 */
@Tag("e2e")
class BatchStripBrowserTest {

    @TempDir
    static Path temp;

    static Sshd sshd;
    static TestServer t;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        sshd = Sshd.start(Files.createDirectories(temp.resolve("sshd")), 3);
        t = new TestServer(
                temp, TestServer.executors(c -> List.of(new ShellExecutorFactory(), new SshExecutorFactory(c.cmdb()))));
        TestHosts.seed(t.cmdb, sshd);
        Files.writeString(SshExecutorFactory.knownHosts(t.data), sshd.knownHostsLines());
        // web2's sshd address is in $SSH_CONNECTION there: that host fails, which holds back the third batch
        t.write(
                "roll.md",
                "# Roll\n\n```ssh {#roll hosts=web batch=1}\ncase \"$SSH_CONNECTION\" in *\" " + sshd.address(1)
                        + " \"*) echo broken >&2; exit 3;; esac\necho fine\n```\n");
        browser = Browsers.signedIn(t, temp, "/notebook.html?runbook=roll.md");
    }

    @AfterAll
    static void stop() throws Exception {
        Browsers.stop(browser, t);
        if (sshd != null) {
            sshd.close();
        }
    }

    static WebElement cell() {
        return browser.findElement(By.cssSelector("[data-cell-id='roll']"));
    }

    @Test
    void sshCell_rollingWithAFailingSecondBatch_stripShowsEachBatchAndItsCounts() {
        WebDriverWait waiting = new WebDriverWait(browser, Duration.ofSeconds(60));
        waiting.until(d -> cell().findElement(By.className("run-cell")).isEnabled());
        cell().findElement(By.className("run-cell")).click();
        waiting.until(d -> "failed".equals(cell().getAttribute("data-status")));
        waiting.until(d -> cell().findElements(By.className("host-batch")).size() == 3);

        List<WebElement> batches = cell().findElements(By.className("host-batch"));
        assertEquals(
                List.of("1:ok:1", "2:failed:1", "3:skipped:1"),
                batches.stream()
                        .map(b -> b.getAttribute("data-batch") + ":" + b.getAttribute("data-counts"))
                        .toList());
        assertEquals("batch 1 of 3 1 ok", batches.get(0).getText());
        assertEquals("batch 3 of 3 1 skipped", batches.get(2).getText());
    }
}

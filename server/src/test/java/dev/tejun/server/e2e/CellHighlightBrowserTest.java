package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.exec.ansible.AnsibleExecutorFactory;
import dev.tejun.kernel.exec.cmdb.CmdbExecutorFactory;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/** Each cell language is highlighted in its own syntax: YAML for ansible, SQL for cmdb, shell for ssh. */
@Tag("e2e")
class CellHighlightBrowserTest {

    @TempDir
    static Path temp;

    static TestServer t;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        t = new TestServer(
                temp,
                TestServer.executors(c -> List.of(
                        new ShellExecutorFactory(),
                        new SshExecutorFactory(c.cmdb()),
                        new CmdbExecutorFactory(c.cmdb()),
                        new AnsibleExecutorFactory(c.cmdb(), c.runbooksDir()))));
        t.write("langs.md", """
                # Languages

                ```ansible {#play}
                - hosts: web
                  tasks: []
                ```

                ```cmdb {#query}
                SELECT host FROM hosts
                ```

                ```ssh {#remote hosts=web}
                echo "on the host"
                ```
                """);
        browser = Browsers.signedIn(t, temp, "/notebook.html?runbook=langs.md");
    }

    @AfterAll
    static void stop() {
        Browsers.stop(browser, t);
    }

    static boolean token(String cell, String cls, String text) {
        return browser.findElements(By.cssSelector("[data-cell-id='" + cell + "'] .CodeMirror span." + cls)).stream()
                .anyMatch(s -> s.getText().equals(text));
    }

    @Test
    void notebook_cellLanguages_highlightedInTheirSyntax() {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> !d.findElements(By.cssSelector("[data-cell-id='remote'] .CodeMirror"))
                        .isEmpty());
        assertTrue(token("play", "cm-atom", "hosts"), "the playbook's keys are YAML keys");
        assertTrue(token("query", "cm-keyword", "SELECT"), "SQL keywords");
        assertTrue(token("remote", "cm-builtin", "echo"), "shell builtins in an ssh cell");
    }
}

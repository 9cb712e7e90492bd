package dev.tejun.server.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * On a flow instance's page each node that runs shows how long it has run, ticking while it runs, and a node that
 * ended shows how long it took.
 */
@Tag("e2e")
class FlowProgressBrowserTest {

    @TempDir
    static Path temp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        t.write("quick.md", "# Quick\n\n```sh {#q}\necho quick\n```\n");
        t.write("slow.md", "# Slow\n\n```sh {#s}\nsleep 600\n```\n");
        t.write("two.flow.yaml", """
                title: Two steps
                nodes:
                  - { id: first, type: runbook, runbook: quick.md, next: second }
                  - { id: second, type: runbook, runbook: slow.md, next: done }
                  - { id: done, type: end }
                """);
        browser = Browsers.signedIn(t, temp, "/flows.html");
    }

    static String time(String nodeId) {
        return browser.findElement(By.cssSelector("g.flow-node[data-node-id='" + nodeId + "'] .flow-node-time"))
                .getText();
    }

    @Test
    void flowPage_runningNode_showsElapsedTimeThatMovesOn() throws Exception {
        var r = t.post("/api/flows/two.flow.yaml/start", "{\"params\":{}}");
        assertEquals(201, r.statusCode(), r.body());
        String id = new ObjectMapper().readTree(r.body()).get("id").asText();
        browser.get(t.server.baseUrl() + "/flow.html?name=two.flow.yaml&instance=" + id);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(d -> "running"
                        .equals(d.findElement(By.cssSelector("g.flow-node[data-node-id='second']"))
                                .getDomAttribute("data-status"))
                && time("second").endsWith(" s"));
        String before = time("second");
        wait.until(d -> !time("second").equals(before) && time("second").endsWith(" s"));
        assertTrue(time("first").endsWith(" s"), "a node that ended shows its duration: " + time("first"));
        assertEquals("", time("done"), "a node that did not start shows no time");
        t.post("/api/flow-instances/" + id + "/stop", "{}");
    }
}

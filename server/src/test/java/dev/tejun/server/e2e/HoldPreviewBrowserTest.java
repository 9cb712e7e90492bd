package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The approver of a flow's hold point sees, on the Flows page, the preview of what approving lets happen. */
@Tag("e2e")
@ExtendWith(CellsUnsandboxed.class)
class HoldPreviewBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void flowsPage_pausedFlow_showsWhatFollowsWithItsLocksAndCells() throws Exception {
        TestServer t = new TestServer(temp);
        try {
            t.write(
                    "apply.md",
                    "---\nparams:\n  db: { default: x }\nlocks: [\"db:${params.db}\"]\n---\n"
                            + "```sh {#apply}\necho applying-${params.db}\n```\n");
            t.write("f.flow.yaml", """
                    title: Apply
                    params:
                      db: { default: main }
                    nodes:
                      - { id: hold, type: pause, message: "apply to ${params.db}", next: apply }
                      - { id: apply, type: runbook, runbook: apply.md, params: { db: "${params.db}" }, next: done }
                      - { id: done, type: end }
                    """);
            var r = t.post("/api/flows/f.flow.yaml/start", "{\"params\":{\"db\":\"orders\"}}");
            assertEquals(201, r.statusCode(), r.body());
            String id = JSON.readTree(r.body()).path("id").asText();
            Await.until(
                    () -> JSON.readTree(t.get("/api/flow-instances/" + id + "/holds/hold/preview")
                                    .body())
                            .path("state")
                            .asText()
                            .equals("ready"),
                    "the preview of what follows is made");
            WebDriver browser = Browsers.chromium(temp.resolve("profile"));
            try {
                Browsers.signIn(browser, t.server.baseUrl(), "/flows.html", "tester", TestServer.password("tester"));
                String text = new WebDriverWait(browser, Duration.ofSeconds(30))
                        .ignoring(StaleElementReferenceException.class)
                        .until(d -> {
                            for (WebElement li : d.findElements(By.cssSelector("#approvals li.approval"))) {
                                if (!li.findElements(By.cssSelector(".approval-preview-node"))
                                        .isEmpty()) {
                                    return li.getText();
                                }
                            }
                            return null;
                        });
                assertTrue(text.contains("What approving lets happen"), text);
                assertTrue(text.contains("apply (runbook)") && text.contains("apply.md"), text);
                assertTrue(text.contains("db=orders"), text);
                assertTrue(text.contains("db:orders") && text.contains("free now"), text);
                assertTrue(text.contains("apply (ok)"), "the cell of the preview run: " + text);
            } finally {
                browser.quit();
            }
        } finally {
            t.close();
        }
    }

    @Test
    void flowsPage_waitingPauseCell_showsWhatTheRestOfTheRunbookWouldDo() throws Exception {
        TestServer t = new TestServer(temp);
        try {
            t.write(
                    "gate.md",
                    "---\nparams:\n  db: { default: x }\n---\n```pause {#ask preview=true}\napply?\n```\n\n"
                            + "```sh {#apply}\necho applying-${params.db}\n```\n");
            var r = t.post("/api/runs", "{\"runbook\":\"gate.md\",\"params\":{\"db\":\"orders\"}}");
            assertEquals(201, r.statusCode(), r.body());
            WebDriver browser = Browsers.chromium(temp.resolve("profile"));
            try {
                Browsers.signIn(browser, t.server.baseUrl(), "/flows.html", "tester", TestServer.password("tester"));
                String text = new WebDriverWait(browser, Duration.ofSeconds(60))
                        .ignoring(StaleElementReferenceException.class)
                        .until(d -> {
                            for (WebElement li : d.findElements(By.cssSelector("#approvals li.approval"))) {
                                if (!li.findElements(By.cssSelector(".approval-preview-node"))
                                        .isEmpty()) {
                                    return li.getText();
                                }
                            }
                            return null;
                        });
                assertTrue(text.contains("What approving lets the rest of the runbook do"), text);
                assertTrue(text.contains("gate.md") && text.contains("db=orders"), text);
                assertTrue(text.contains("apply (ok)"), "the cell after the pause, from the preview run: " + text);
                assertFalse(text.contains("ask (ok)"), "not the pause itself: " + text);
            } finally {
                browser.quit();
            }
        } finally {
            t.close();
        }
    }
}

package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An approver decides with the context in front of them: the pause's message with its references filled, the run's
 * params and who started it. Under four eyes the starter sees who may approve
 * instead of an Approve button; another approver approves from the same list.
 */
class ApprovalContextBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    static TestServer t;

    @BeforeAll
    static void start() throws Exception {
        t = new TestServer(temp);
        t.write("deploy.md", """
                ---
                params:
                  env: { default: staging }
                approver-not-starter: true
                ---
                # Deploy

                ```sh {#check}
                echo disk-usage-42
                ```

                ```pause {#gate}
                Deploy to ${params.env}?
                ```
                """);
    }

    @AfterAll
    static void stop() {
        if (t != null) {
            t.close();
        }
    }

    /** What the list shows of the pause, read in one go: the list is redrawn whenever a flow or run changes. */
    record Shown(String text, boolean approveButton, String notMe) {}

    static <T> T onApproval(WebDriver browser, Function<WebElement, T> read) {
        return new WebDriverWait(browser, Duration.ofSeconds(30))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    for (WebElement li : d.findElements(By.cssSelector("#approvals li.approval"))) {
                        if (li.getText().contains("Deploy to prod?")) {
                            return read.apply(li);
                        }
                    }
                    return null;
                });
    }

    @Test
    void pause_starterSeesContextAndWhoMayApprove_anotherApproverApproves() throws Exception {
        var r = t.post("/api/runs", "{\"runbook\":\"deploy.md\",\"params\":{\"env\":\"prod\"}}");
        assertEquals(201, r.statusCode(), r.body());
        String runId = JSON.readTree(r.body()).get("runId").asText();
        Await.until(() -> JSON.readTree(t.get("/api/approvals").body()).size() == 1, "the pause waits");

        WebDriver starter = Browsers.chromium(temp.resolve("starter-profile"));
        try {
            Browsers.signIn(starter, t.server.baseUrl(), "/flows.html", "tester", TestServer.password("tester"));
            Shown shown = onApproval(
                    starter,
                    li -> new Shown(
                            li.getText(),
                            !li.findElements(By.cssSelector("button.approve")).isEmpty(),
                            li.findElements(By.className("approval-not-me")).stream()
                                    .map(WebElement::getText)
                                    .findFirst()
                                    .orElse("")));
            String text = shown.text();
            assertTrue(text.contains("Deploy to prod?"), "the message with ${params.env} filled: " + text);
            assertTrue(text.contains("env=prod"), text);
            assertTrue(text.contains("tester"), text);
            assertTrue(!shown.approveButton(), "no Approve for the starter: " + text);
            assertTrue(shown.notMe().contains("approver"), text);
        } finally {
            starter.quit();
        }

        t.userWith("ayumi", Role.APPROVER);
        WebDriver other = Browsers.chromium(temp.resolve("approver-profile"));
        try {
            Browsers.signIn(other, t.server.baseUrl(), "/flows.html", "ayumi", TestServer.password("ayumi"));
            onApproval(other, li -> {
                li.findElement(By.cssSelector("button.approve")).click();
                return true;
            });
            Await.until(
                    () -> JSON.readTree(t.get("/api/runs/" + runId).body())
                            .path("status")
                            .asText()
                            .equals("OK"),
                    "the run goes on once approved");
        } finally {
            other.quit();
        }
    }
}

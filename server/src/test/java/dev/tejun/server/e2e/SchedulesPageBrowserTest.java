package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The schedules page in real Chromium: an operator activates a schedule declared in a file, or an alert rule, with
 * its button.
 */
@Tag("e2e")
class SchedulesPageBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Served
    TestServer t;

    @AutoClose("quit")
    WebDriver browser;

    private JsonNode schedule(String id) throws Exception {
        for (JsonNode s : JSON.readTree(t.get("/api/schedules").body()).get("schedules")) {
            if (s.get("id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no schedule " + id);
    }

    @Test
    void activateButton_operator_activatesInTheirName() throws Exception {
        t.userWith("op", Role.OPERATOR);
        t.write("ops/night.md", "---\nschedule: \"0 3 * * *\"\n---\n```sh\ntrue\n```\n");
        browser = Browsers.signedIn(t, temp, "/schedules.html", "op");
        WebDriverWait wait = Browsers.redrawing(browser);
        By row = By.xpath("//table[@id='schedules']//tr[td[1][text()='file:ops/night.md']]");
        wait.until(d -> d.findElement(row).getText().contains("inactive"));
        wait.until(d -> {
            d.findElement(row)
                    .findElement(By.xpath(".//button[text()='Activate']"))
                    .click();
            return true;
        });
        Await.until(() -> schedule("file:ops/night.md").get("state").asText().equals("active"), "the activation");
        assertEquals("op", schedule("file:ops/night.md").get("activatedBy").asText());
        wait.until(d -> d.findElement(row).getText().contains("active by op"));
    }

    @Test
    void activateRuleButton_operator_activatesInTheirName() throws Exception {
        t.userWith("op", Role.OPERATOR);
        t.write("fix.md", "```sh\ntrue\n```\n");
        t.write(
                "rules/ops.yaml",
                "rules:\n  - name: fix-it\n    when: { labels.alertname: Broken }\n    run: fix.md\n");
        browser = Browsers.signedIn(t, temp, "/schedules.html", "op");
        WebDriverWait wait = Browsers.redrawing(browser);
        By row = By.xpath("//table[@id='rules']//tr[td[1][text()='rules/ops.yaml#fix-it']]");
        wait.until(d -> d.findElement(row).getText().contains("inactive"));
        wait.until(d -> {
            d.findElement(row)
                    .findElement(By.xpath(".//button[text()='Activate']"))
                    .click();
            return true;
        });
        Await.until(
                () -> JSON.readTree(t.get("/api/rules").body())
                        .get("rules")
                        .get(0)
                        .get("state")
                        .asText()
                        .equals("active"),
                "the activation");
        assertEquals(
                "op",
                JSON.readTree(t.get("/api/rules").body())
                        .get("rules")
                        .get(0)
                        .get("activatedBy")
                        .asText());
        wait.until(d -> d.findElement(row).getText().contains("active by op"));
    }
}

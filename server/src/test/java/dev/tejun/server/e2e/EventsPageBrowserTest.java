package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The events page in real Chromium: an approver acknowledges an unhandled event with a note, releases a held one, and
 * promotes a draft rule set; a recent event opens whole.
 */
@Tag("e2e")
class EventsPageBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Served
    TestServer t;

    @AutoClose("quit")
    WebDriver browser;

    private long post(String alertname) throws Exception {
        HttpResponse<String> r = t.post("/api/events", """
                {"source":"probe","labels":{"alertname":"%s","host":"db-2"}}""".formatted(alertname));
        assertEquals(202, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("events").get(0).get("eventId").asLong();
    }

    private JsonNode event(long id) throws Exception {
        return JSON.readTree(t.get("/api/events/" + id).body());
    }

    private String stage(String file) throws Exception {
        for (JsonNode s : JSON.readTree(t.get("/api/rules/stages").body()).get("stages")) {
            if (s.get("file").asText().equals(file)) {
                return s.get("stage").asText();
            }
        }
        return "production";
    }

    private static void click(WebDriverWait wait, By button) {
        wait.until(d -> {
            d.findElement(button).click();
            return true;
        });
    }

    @Test
    void eventsPage_approver_acknowledgesApprovesAndPromotes() throws Exception {
        t.userWith("boss", Role.OPERATOR, Role.APPROVER);
        t.write("fix.md", "```sh\necho fixed\n```\n");
        t.write("rules/hold.yaml", """
                rules:
                  - name: held
                    when: { labels.alertname: DiskFull }
                    run: fix.md
                    hold: true
                """);
        t.write("rules/next.yaml", "rules:\n  - name: later\n    when: { labels.alertname: Later }\n    run: fix.md\n");
        t.activateRule("rules/hold.yaml#held");
        assertEquals(
                200,
                t.post("/api/rules/stage", "{\"file\":\"rules/next.yaml\",\"stage\":\"draft\"}")
                        .statusCode());
        long unknown = post("Strange");
        long held = post("DiskFull");
        assertEquals("held", event(held).get("event").get("decision").asText());

        browser = Browsers.signedIn(t, temp, "/events.html", "boss");
        WebDriverWait wait = (WebDriverWait)
                new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class);

        By unhandledRow = By.xpath("//table[@id='unhandled']//tr[@data-event='" + unknown + "']");
        wait.until(d -> d.findElement(unhandledRow).getText().contains("alertname=Strange"));
        browser.findElement(unhandledRow).findElement(By.className("ack-note")).sendKeys("known flapping");
        click(
                wait,
                By.xpath("//table[@id='unhandled']//tr[@data-event='" + unknown
                        + "']//button[@class='action-acknowledge']"));
        Await.until(() -> !event(unknown).get("handled").isNull(), "the acknowledgement");
        assertEquals("known flapping", event(unknown).get("handled").get("note").asText());
        assertEquals("boss", event(unknown).get("handled").get("by").asText());

        click(wait, By.xpath("//table[@id='held']//tr[@data-event='" + held + "']//button"));
        Await.until(() -> !event(held).get("event").get("decision").asText().equals("held"), "the release");

        click(
                wait,
                By.xpath("//table[@id='stages']//tr[@data-file='rules/next.yaml']//button[@class='action-promote']"));
        Await.until(() -> stage("rules/next.yaml").equals("staging"), "the promotion");

        click(wait, By.xpath("//table[@id='recent']//tr[@data-event='" + held + "']//a[@class='event-link']"));
        wait.until(d -> d.findElement(By.id("detail-body")).getText().contains("rules/hold.yaml#held"));
    }

    @Test
    void eventsPage_chartHitsFilterViewAndReplay() throws Exception {
        t.userWith("author", Role.EDITOR);
        t.write("fix.md", "```sh\necho fixed\n```\n");
        t.write(
                "rules/ops.yaml",
                "rules:\n  - name: disk\n    when: { labels.alertname: DiskFull }\n    run: fix.md\n");
        assertEquals(
                200,
                t.post("/api/rules/stage", "{\"file\":\"rules/ops.yaml\",\"stage\":\"staging\"}")
                        .statusCode());
        long disk = post("DiskFull");
        long odd = post("Strange");

        browser = Browsers.signedIn(t, temp, "/events.html", "author");
        WebDriverWait wait = (WebDriverWait)
                new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class);

        // the chart has a bar of each kind for this hour, and the staged rule's hit is counted
        wait.until(d -> !d.findElements(By.cssSelector("#activity-chart rect.bar-events"))
                .isEmpty());
        wait.until(d -> d.findElement(By.xpath("//table[@id='hits']//tr[@data-rule='rules/ops.yaml#disk']"))
                .getText()
                .matches("rules/ops.yaml#disk\\s+1\\s+0\\s+0\\s+0"));

        // a filter narrows the recent events to one decision
        By diskRow = By.xpath("//table[@id='recent']//tr[@data-event='" + disk + "']");
        By oddRow = By.xpath("//table[@id='recent']//tr[@data-event='" + odd + "']");
        wait.until(d ->
                !d.findElements(oddRow).isEmpty() && !d.findElements(diskRow).isEmpty());
        browser.findElement(By.cssSelector("#filters input[name=decision]")).sendKeys("no-match");
        wait.until(d ->
                d.findElements(diskRow).isEmpty() && !d.findElements(oddRow).isEmpty());

        // the rule set's text, then its replay on the recorded events
        click(wait, By.xpath("//table[@id='stages']//tr[@data-file='rules/ops.yaml']//button[@class='action-view']"));
        wait.until(d -> d.findElement(By.id("detail-body")).getText().contains("labels.alertname: DiskFull"));
        click(wait, By.xpath("//table[@id='stages']//tr[@data-file='rules/ops.yaml']//button[@class='action-replay']"));
        wait.until(d -> d.findElement(By.id("detail-body")).getText().contains("\"events\" : 2")
                || d.findElement(By.id("detail-body")).getText().contains("\"events\": 2"));
        // a draft edited and saved beside the active version
        click(
                wait,
                By.xpath("//table[@id='stages']//tr[@data-file='rules/ops.yaml']//button[@class='action-edit-draft']"));
        wait.until(d -> d.findElement(By.id("draft-text")).getAttribute("value").contains("DiskFull"));
        org.openqa.selenium.WebElement text = browser.findElement(By.id("draft-text"));
        text.clear();
        text.sendKeys("rules:\n  - name: cpu\n    when: { labels.alertname: CpuHot }\n    run: fix.md\n");
        click(wait, By.cssSelector("#draft-actions .action-save-draft"));
        Await.until(() -> java.nio.file.Files.exists(t.runbooks.resolve("rules/drafts/ops.yaml")), "the saved draft");
        assertEquals(
                true,
                java.nio.file.Files.readString(t.runbooks.resolve("rules/drafts/ops.yaml"))
                        .contains("CpuHot"));
        assertEquals(
                0,
                browser.findElements(By.cssSelector("#draft-actions .action-promote-draft"))
                        .size());
        // an editor imports; only an approver promotes
        assertEquals(
                0,
                browser.findElements(By.cssSelector("#stages .action-promote")).size());
        assertEquals(true, browser.findElement(By.id("import-rules")).isDisplayed());
    }
}

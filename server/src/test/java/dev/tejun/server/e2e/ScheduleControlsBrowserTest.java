package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The schedules page's controls in real Chromium: an admin adds a schedule with the form and edits it; an operator
 * pauses, resumes and runs one now; an operator sees the admin's buttons disabled with the role they need.
 */
@Tag("e2e")
@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class ScheduleControlsBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    TestServer t;
    WebDriver browser;

    @AfterEach
    void stop() {
        Browsers.stop(browser, t);
    }

    private JsonNode schedules() throws Exception {
        return JSON.readTree(t.get("/api/schedules").body()).get("schedules");
    }

    private JsonNode schedule(String id) throws Exception {
        for (JsonNode s : schedules()) {
            if (s.get("id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no schedule " + id);
    }

    private WebDriverWait waiting() {
        return (WebDriverWait)
                new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class);
    }

    private static By row(String id) {
        return By.cssSelector("#schedules tr[data-id='" + id + "']");
    }

    private void click(By row, String buttonClass) {
        waiting().until(d -> {
            d.findElement(row)
                    .findElement(By.cssSelector("button." + buttonClass))
                    .click();
            return true;
        });
    }

    private static void type(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    @Test
    void addThenEdit_admin_savesThroughTheFormAndStaysActiveAsThem() throws Exception {
        t = new TestServer(temp);
        t.write("ops/nightly.md", "```sh\ntrue\n```\n");
        browser = Browsers.signedIn(t, temp, "/schedules.html");
        waiting()
                .until(d -> d.findElement(By.cssSelector("button.schedule-add")))
                .click();
        WebElement form = waiting().until(d -> d.findElement(By.cssSelector("dialog .schedule-form")));
        type(form.findElement(By.name("target")), "ops/nightly.md");
        type(form.findElement(By.name("cron")), "0 3 * * MON");
        type(form.findElement(By.name("timezone")), "Asia/Tokyo");
        type(form.findElement(By.name("params")), "env=prod");
        new Select(form.findElement(By.name("misfire"))).selectByValue("run-once");
        form.findElement(By.cssSelector("button.schedule-save")).click();

        Await.until(() -> schedules().size() == 1, "the new schedule");
        JsonNode made = schedules().get(0);
        String id = made.get("id").asText();
        assertEquals("ops/nightly.md", made.get("target").asText());
        assertEquals("0 3 * * MON", made.get("cron").asText());
        assertEquals("Asia/Tokyo", made.get("timezone").asText());
        assertEquals("prod", made.at("/params/env").asText());
        assertEquals("run-once", made.get("misfire").asText());
        assertEquals("active", made.get("state").asText());

        click(row(id), "schedule-edit");
        form = waiting().until(d -> d.findElement(By.cssSelector("dialog .schedule-form")));
        assertEquals("0 3 * * MON", form.findElement(By.name("cron")).getDomProperty("value"));
        type(form.findElement(By.name("cron")), "0 25 * * *");
        form.findElement(By.cssSelector("button.schedule-save")).click();
        WebElement error = waiting().until(d -> d.findElement(By.cssSelector(".schedule-form-error")));
        waiting().until(d -> error.isDisplayed() && error.getText().contains("25"));
        assertEquals("0 3 * * MON", schedule(id).get("cron").asText(), "a refused edit changed the schedule");
        type(form.findElement(By.name("cron")), "30 4 * * FRI");
        form.findElement(By.cssSelector("button.schedule-save")).click();

        Await.until(() -> schedule(id).get("cron").asText().equals("30 4 * * FRI"), "the edit");
        assertEquals("active", schedule(id).get("state").asText());
        waiting().until(d -> d.findElement(row(id)).getText().contains("30 4 * * FRI"));
        assertTrue(browser.findElements(By.cssSelector("dialog[open]")).isEmpty(), "the dialog stayed open");
    }

    @Test
    void suspendedReason_inJapanese_isTranslated() throws Exception {
        t = new TestServer(temp);
        t.write("night.md", "---\nschedule: \"0 3 * * *\"\n---\n```sh\ntrue\n```\n");
        assertEquals(200, t.post("/api/schedules/file:night.md/activate", "").statusCode());
        // changed on disk, not through Tejun: the schedule is suspended with the reason the server records in English
        t.write("night.md", "---\nschedule: \"0 3 * * *\"\n---\n```sh\necho changed\n```\n");
        Await.until(() -> schedule("file:night.md").get("state").asText().equals("suspended"), "the suspension");
        assertTrue(schedule("file:night.md").get("stateReason").asText().contains("outside Tejun"));
        assertEquals(200, t.put("/api/me/settings", "{\"language\":\"ja\"}").statusCode());
        browser = Browsers.signedIn(t, temp, "/schedules.html");
        waiting().until(d -> d.findElement(row("file:night.md")).getText().contains("Tejun の外でファイルが変更されました"));
        assertFalse(browser.findElement(row("file:night.md")).getText().contains("outside Tejun"));
    }

    @Test
    void pauseResumeRunNow_operator_changesTheStateAndRunsInTheirName() throws Exception {
        t = new TestServer(temp);
        t.userWith("op", Role.OPERATOR);
        Path marker = temp.resolve("marker");
        t.write("night.md", """
                ---
                params:
                  word: { default: none }
                schedule: "0 3 * * *"
                schedule-params: { word: now }
                ---
                ```sh
                echo ${params.word} >> %s
                ```
                """.formatted(marker));
        browser = Browsers.chromium(temp.resolve("chrome-profile"));
        Browsers.signIn(browser, t.server.baseUrl(), "/schedules.html", "op", TestServer.password("op"));
        By row = row("file:night.md");
        waiting().until(d -> d.findElement(row).getText().contains("inactive"));
        assertTrue(browser.findElement(row)
                .findElements(By.cssSelector("button.schedule-pause"))
                .isEmpty());

        click(row, "schedule-activate");
        waiting().until(d -> d.findElement(row).getText().contains("active by op"));
        click(row, "schedule-pause");
        Await.until(() -> schedule("file:night.md").get("state").asText().equals("paused"), "the pause");
        waiting().until(d -> d.findElement(row).getText().contains("paused by op"));
        click(row, "schedule-activate"); // labelled Resume now
        Await.until(() -> schedule("file:night.md").get("state").asText().equals("active"), "the resume");

        click(row, "schedule-run-now");
        WebElement link = waiting().until(d -> d.findElement(By.cssSelector("#schedules-status a")));
        String runId = link.getText();
        assertTrue(link.getDomAttribute("href").endsWith("run.html?id=" + runId), link.getDomAttribute("href"));
        Await.until(() -> Files.exists(marker) && Files.readString(marker).equals("now\n"), "the run now");
        assertEquals(
                "op",
                JSON.readTree(t.get("/api/runs/" + runId).body()).get("user").asText());
    }

    @Test
    void adminButtons_operator_disabledNamingTheRole() throws Exception {
        t = new TestServer(temp);
        t.userWith("op", Role.OPERATOR);
        t.write("a.md", "```sh\ntrue\n```\n");
        assertEquals(
                201,
                t.post("/api/schedules", "{\"target\":\"a.md\",\"cron\":\"0 3 * * *\"}")
                        .statusCode());
        browser = Browsers.chromium(temp.resolve("chrome-profile"));
        Browsers.signIn(browser, t.server.baseUrl(), "/schedules.html", "op", TestServer.password("op"));
        WebElement add = waiting().until(d -> d.findElement(By.cssSelector("button.schedule-add")));
        assertTrue(!add.isEnabled(), "Add is enabled for an operator");
        assertEquals("needs admin", add.getDomAttribute("title"));
        By row = row("api:1");
        WebElement edit = waiting().until(d -> d.findElement(row).findElement(By.cssSelector("button.schedule-edit")));
        assertTrue(!edit.isEnabled(), "Edit is enabled for an operator");
        assertTrue(browser.findElement(row)
                .findElement(By.cssSelector("button.schedule-run-now"))
                .isEnabled());
    }
}

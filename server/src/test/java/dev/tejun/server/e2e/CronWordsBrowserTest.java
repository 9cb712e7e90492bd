package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The schedules page says each cron expression in words beside it ("every Monday and Friday at 04:30 UTC"), Unix and
 * Quartz style, and says nothing for an expression its words do not cover rather than something wrong.
 */
@Tag("e2e")
class CronWordsBrowserTest {

    @TempDir
    static Path temp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        t.write("ops/twice.md", "---\nschedule: \"30 4 * * MON,FRI\"\n---\n```sh\ntrue\n```\n");
        browser = Browsers.signedIn(t, temp, "/schedules.html");
    }

    @Test
    void schedulesPage_fileSchedule_showsCronInWords() {
        By words =
                By.xpath("//table[@id='schedules']//tr[td[1][text()='file:ops/twice.md']]//div[@class='cron-words']");
        String text = new WebDriverWait(browser, Duration.ofSeconds(20))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(words).getText());
        assertEquals(true, text.startsWith("every Monday and Friday at 04:30"), text);
    }

    @Test
    void cronInWords_expressions_readOutOrNothing() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("0 3 * * MON", "every Monday at 03:00 UTC");
        expected.put("*/15 * * * *", "every 15 minutes UTC");
        expected.put("0 4 1 * ?", "on day 1 of the month at 04:00 UTC");
        expected.put("0 0 4 1 * ?", "on day 1 of the month at 04:00 UTC");
        expected.put("0 22 * * 1-3", "every Monday, Tuesday, and Wednesday at 22:00 UTC");
        expected.put("0 6,18 * * *", "every day at 06:00 and 18:00 UTC");
        expected.put("5 4 L * *", "");
        expected.put("not cron", "");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> !d.findElements(By.cssSelector(".site-nav")).isEmpty());
        @SuppressWarnings("unchecked")
        List<String> got =
                (List<String>) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/admin/cron-words.js')
                  .then((m) => done(arguments[0].map((c) => m.cronInWords(c, 'UTC') || '')))
                  .catch((e) => done([String(e)]));
                """, List.copyOf(expected.keySet()));
        assertEquals(List.copyOf(expected.values()), got);
    }
}

package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The notifications page in real Chromium for a user who reads Japanese: a delivery a real loopback receiver took
 * shows its state and event in Japanese (the wire word in the cell's title), and so does a subscription's scope.
 */
@Tag("e2e")
class NotificationsPageBrowserTest {

    @TempDir
    Path temp;

    HttpServer receiver;
    TestServer t;
    WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        String yaml = "notify:\n  webhook:\n    url: http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\n";
        Settings s = Settings.of(ConfigFile.parse("test.yaml", yaml), Map.of(), Map.of());
        t = new TestServer(temp, c -> c.with(s));
        browser = Browsers.chromium(temp.resolve("chrome-profile"));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        t.close();
        receiver.stop(0);
    }

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    @Test
    void deliveries_inJapanese_stateAndEventInWords() throws Exception {
        t.write("ops/fails.md", "```sh {#boom}\nexit 3\n```\n");
        assertEquals(
                201,
                t.post("/api/notifications/subscriptions", "{\"scope\":\"all\",\"channel\":\"webhook\"}")
                        .statusCode());
        assertTrue(t.post("/api/runs", "{\"runbook\":\"ops/fails.md\"}").statusCode() / 100 == 2);
        Await.until(
                () -> t.get("/api/notifications/deliveries").body().contains("\"status\":\"sent\""),
                "the delivery recorded sent");
        assertEquals(200, t.put("/api/me/settings", "{\"language\":\"ja\"}").statusCode());

        Browsers.signIn(browser, t.server.baseUrl(), "/notifications.html", "tester", TestServer.password("tester"));
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> text("#notify-deliveries").contains("送信済み"));

        String deliveries = text("#notify-deliveries");
        assertTrue(deliveries.contains("実行の失敗"), deliveries);
        assertTrue(!deliveries.contains("run.failed") && !deliveries.contains("sent"), "no wire word: " + deliveries);
        assertEquals(
                "sent",
                browser.findElement(By.cssSelector("#notify-deliveries tr td:nth-child(5)"))
                        .getDomAttribute("title"));
        assertTrue(text("#notify-subscriptions").contains("すべて"), text("#notify-subscriptions"));
    }
}

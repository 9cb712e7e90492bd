package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.PageSamples;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WebUiFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page of the web-ui (each .html file the server serves; a new page is in this test without anybody adding it)
 * opens in real headless Chromium for a signed-in admin without a script error, a file or module that does not load,
 * or an API call that goes without the session's CSRF token: every call goes through lib/http.js, which sends it, so
 * a page that calls the server some other way shows here.
 */
class EveryPageBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The page's requests count as done once the network was quiet this long (some pages poll every 3–5 s). */
    static final Duration QUIET = Duration.ofMillis(1500);

    @TempDir
    static Path temp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    static String origin;

    @BeforeAll
    static void start() throws Exception {
        PageSamples.write(t);
        origin = t.server.baseUrl();
        browser = Browsers.recording(temp.resolve("chrome-profile"));
        Browsers.signIn(browser, origin, "/index.html", "tester", TestServer.password("tester"));
    }

    static Stream<String> pages() {
        return WebUiFiles.pages();
    }

    @ParameterizedTest
    @MethodSource("pages")
    void page_signedIn_loadsWithoutErrorsMissingFilesOrCallsWithoutCsrf(String page) throws Exception {
        browser.manage().logs().get(LogType.BROWSER); // what earlier pages left behind
        browser.manage().logs().get(LogType.PERFORMANCE);
        browser.get(PageSamples.address(origin, page));
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        List<JsonNode> network = networkUntilQuiet();

        List<String> problems = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                problems.add("console: " + e.getMessage());
            }
        }
        int apiCalls = 0;
        for (JsonNode event : network) {
            String method = event.path("method").asText();
            JsonNode p = event.path("params");
            String url = p.path("request").path("url").asText();
            if (method.equals("Network.requestWillBeSent") && url.startsWith(origin + "/api/")) {
                String type = p.path("type").asText();
                // /api/me hands the token out; /api/sso is asked by the sign-in page, before there is one
                if ((type.equals("Fetch") || type.equals("XHR"))
                        && !url.equals(origin + "/api/me")
                        && !url.equals(origin + "/api/sso")) {
                    apiCalls++;
                    // a read needs no token (the server checks it on changes only), so a page's GETs need not
                    // wait for /api/me; every change must carry it
                    String verb = p.path("request").path("method").asText();
                    boolean change = !verb.equals("GET") && !verb.equals("HEAD");
                    if (change && !hasHeader(p.path("request").path("headers"), "X-CSRF-Token")) {
                        problems.add("no CSRF token on "
                                + p.path("request").path("method").asText() + " " + url);
                    }
                }
            } else if (method.equals("Network.responseReceived")
                    && p.path("response").path("status").asInt() >= 400) {
                problems.add(p.path("response").path("status") + " for "
                        + p.path("response").path("url").asText());
            } else if (method.equals("Network.loadingFailed")
                    && !p.path("canceled").asBoolean()) {
                problems.add("not loaded (" + p.path("errorText").asText() + " "
                        + p.path("blockedReason").asText("") + "): request "
                        + p.path("requestId").asText());
            }
        }
        assertEquals(List.of(), problems, page);
        if (!page.equals("/login.html")) {
            assertTrue(apiCalls > 0, page + " made no API call: did its scripts run?");
        }
    }

    /** The network events of the page, read until nothing new was asked for during {@link #QUIET}. */
    private static List<JsonNode> networkUntilQuiet() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        long quietSince = System.nanoTime();
        long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() - quietSince < QUIET.toNanos() && System.nanoTime() < giveUp) {
            Thread.sleep(200);
            for (Iterator<LogEntry> it =
                            browser.manage().logs().get(LogType.PERFORMANCE).iterator();
                    it.hasNext(); ) {
                JsonNode message = JSON.readTree(it.next().getMessage()).path("message");
                events.add(message);
                if (message.path("method").asText().startsWith("Network.request")) {
                    quietSince = System.nanoTime();
                }
            }
        }
        return events;
    }

    private static boolean hasHeader(JsonNode headers, String name) {
        for (Iterator<String> it = headers.fieldNames(); it.hasNext(); ) {
            if (it.next().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}

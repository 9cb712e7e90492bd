package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.PageSamples;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WebUiFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page after sign-in carries the one header lib/nav.js builds (the sections in one order, the user, sign-out)
 * and fits an 800 px window without sideways scrolling; the pending-approvals badge counts what the user may decide.
 */
class SharedHeaderBrowserTest {

    static final List<String> SECTIONS = List.of(
            "index.html",
            "flows.html",
            "cmdb.html",
            "schedules.html",
            "events.html",
            "evidence.html",
            "audit.html",
            "users.html");

    @TempDir
    static Path temp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    static String origin;

    @BeforeAll
    static void start() throws Exception {
        t.write("hello.md", "# Hello\n\n```sh {#greet}\necho hello\n```\n");
        t.write("hold.flow.yaml", """
                title: Hold
                nodes:
                  - { id: gate, type: pause, message: "Go on?", next: done }
                  - { id: done, type: end }
                """);
        origin = t.server.baseUrl();
        browser = Browsers.chromium(temp.resolve("chrome-profile"));
        browser.manage().window().setSize(new Dimension(800, 900));
        Browsers.signIn(browser, origin, "/index.html", "tester", TestServer.password("tester"));
    }

    static Stream<String> pages() {
        return WebUiFiles.pages().filter(p -> !p.equals("/login.html"));
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    static void open(String page) {
        browser.get(PageSamples.address(origin, page));
        waiting()
                .until(d -> !d.findElements(By.cssSelector(".site-header #sign-out"))
                        .isEmpty());
    }

    @ParameterizedTest
    @MethodSource("pages")
    void page_at800px_hasTheSharedHeaderAndNoSidewaysScroll(String page) throws Exception {
        open(page);
        List<String> links = browser.findElements(By.cssSelector(".site-sections a")).stream()
                .map(a -> a.getDomAttribute("href"))
                .toList();
        assertEquals(SECTIONS, links, page);
        assertTrue(browser.findElement(By.id("signed-in-user")).getText().contains("tester"), page);
        Thread.sleep(700); // what the page's own script adds after loading widens it, if anything does
        JavascriptExecutor js = (JavascriptExecutor) browser;
        long inner = ((Number) js.executeScript("return window.innerWidth")).longValue();
        long scroll = ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
        assertEquals(800, inner, "the window is 800 px wide");
        assertTrue(scroll <= inner, page + " scrolls sideways at 800 px: " + scroll + " > " + inner);
    }

    @Test
    void badge_aPauseWaits_approverSeesCountLinkingToTheList() throws Exception {
        var started = t.post("/api/flows/hold.flow.yaml/start", "{\"params\":{}}");
        assertEquals(201, started.statusCode(), started.body());
        open("/evidence.html");
        WebElement badge = waiting().until(d -> {
            WebElement b = d.findElement(By.id("approvals-badge"));
            return b.isDisplayed() ? b : null;
        });
        assertEquals("1", badge.findElement(By.className("count")).getText());
        badge.click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/flows.html#approvals-section"));
        waiting().until(d -> !d.findElements(By.cssSelector("#approvals li")).isEmpty());
    }

    @Test
    void header_viewer_seesNoAdminSectionsNorBadge() throws Exception {
        t.userWith("watcher", Role.VIEWER);
        WebDriver other = Browsers.chromium(temp.resolve("viewer-profile"));
        try {
            Browsers.signIn(other, origin, "/flows.html", "watcher", TestServer.password("watcher"));
            new WebDriverWait(other, Duration.ofSeconds(20))
                    .until(d -> !d.findElements(By.id("sign-out")).isEmpty());
            List<String> links = other.findElements(By.cssSelector(".site-sections a")).stream()
                    .map(a -> a.getDomAttribute("href"))
                    .toList();
            assertEquals(SECTIONS.subList(0, 6), links);
            assertTrue(!other.findElement(By.id("approvals-badge")).isDisplayed());
        } finally {
            other.quit();
        }
    }
}

package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * When the session ends while a page is open (signed out in another tab, expired, revoked), the page's next API
 * call, whichever module makes it, sends the browser to the sign-in page with the way back to the page. The
 * schedules page kept its own client and stayed, showing "sign in first" in its tables; the notebook's socket
 * tried to reconnect for ever.
 */
class SessionEndBrowserTest {

    @TempDir
    static Path temp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        t.write("hello.md", "# Hello\n\n```sh {#greet}\necho hello\n```\n");
        browser = Browsers.chromium(temp.resolve("chrome-profile"));
    }

    /**
     * Each page with a script that is true once the page has shown what it loaded, and a script that makes it call
     * the server again (empty where the page does that by itself every few seconds).
     */
    static Stream<Arguments> pages() {
        return Stream.of(
                Arguments.of(
                        "/schedules.html",
                        "return document.querySelector('#schedules-status').textContent.startsWith('No schedules')",
                        ""),
                Arguments.of("/flows.html", "return document.querySelector('#approvals-empty').hidden === false", ""),
                Arguments.of(
                        "/cmdb.html",
                        "return document.querySelector('#grid[data-sheet]') !== null",
                        "document.getElementById('show-discarded').click()"),
                Arguments.of(
                        "/audit.html",
                        "return document.querySelector('#audit-rows tr') !== null",
                        "document.getElementById('audit-filters').requestSubmit()"),
                Arguments.of(
                        "/tokens.html",
                        "return document.querySelector('#tokens-rows tr') !== null",
                        "document.getElementById('new-token').requestSubmit()"),
                Arguments.of(
                        "/users.html",
                        "return document.querySelector('#users-rows tr button') !== null",
                        "document.querySelector('#users-rows tr button').click()"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pages")
    void apiCall_afterTheSessionEnded_landsOnSignInWithTheWayBack(String page, String ready, String next) {
        Browsers.signIn(browser, t.server.baseUrl(), page, "tester", TestServer.password("tester"));
        WebDriverWait wait = Browsers.redrawing(browser);
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(ready)));

        browser.manage().deleteCookieNamed(Access.COOKIE);
        if (!next.isEmpty()) {
            ((JavascriptExecutor) browser).executeScript(next);
        }

        // the page may have put its state in the address (cmdb.html?sheet=hosts): that comes back too
        String back = t.server.baseUrl() + "/login.html?next=" + URLEncoder.encode(page, StandardCharsets.UTF_8);
        wait.until(d -> d.getCurrentUrl().startsWith(back));
    }

    @Test
    void sessionSocket_userDeletedWhileThePageIsOpen_landsOnSignInWithTheWayBack() throws Exception {
        t.userWith("leaver", Role.OPERATOR);
        String page = "/notebook.html?runbook=hello.md";
        Browsers.signIn(browser, t.server.baseUrl(), page, "leaver", TestServer.password("leaver"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> "open".equals(d.findElement(By.id("connection")).getDomAttribute("data-state")));

        // Deleting a user closes their sockets at once; the page makes no REST call of its own after that.
        assertEquals(204, t.as(t.token, "DELETE", "/api/users/leaver", null).statusCode());

        String back = t.server.baseUrl() + "/login.html?next=" + URLEncoder.encode(page, StandardCharsets.UTF_8);
        wait.until(d -> d.getCurrentUrl().startsWith(back));
    }
}

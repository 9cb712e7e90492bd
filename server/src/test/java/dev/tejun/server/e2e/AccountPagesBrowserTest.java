package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A user changes their own password on the tokens page; an admin lifts an address's sign-in lock on the users page. */
@Tag("e2e")
class AccountPagesBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Served
    TestServer t;

    @AutoClose("quit")
    WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        browser = Browsers.chromium(temp.resolve("chrome-profile"));
    }

    private int login(String name, String password) throws Exception {
        return t.send(
                        "POST",
                        "/api/login",
                        JSON.writeValueAsString(Map.of("name", name, "password", password)),
                        Map.of())
                .statusCode();
    }

    private WebDriverWait waiting() {
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @Test
    void tokensPage_changeOwnPassword_newOneSignsIn() throws Exception {
        t.userWith("alice", Role.VIEWER);
        Browsers.signIn(browser, t.server.baseUrl(), "/tokens.html", "alice", TestServer.password("alice"));
        String fresh = "a quiet morning by the river";
        browser.findElement(By.cssSelector("#my-password input[name=current]")).sendKeys(TestServer.password("alice"));
        browser.findElement(By.cssSelector("#my-password input[name=password]")).sendKeys(fresh);
        browser.findElement(By.cssSelector("#my-password input[name=repeat]")).sendKeys(fresh);
        browser.findElement(By.cssSelector("#my-password button[type=submit]")).click();
        waiting().until(d -> d.findElement(By.id("password-status")).getText().contains("password changed"));

        assertEquals(401, login("alice", TestServer.password("alice")));
        assertEquals(200, login("alice", fresh));
        // the page's own new session still works: creating a token needs its cookie and CSRF token
        browser.findElement(By.cssSelector("#new-token input[name=label]")).sendKeys("after-change");
        browser.findElement(By.cssSelector("#new-token button[type=submit]")).click();
        waiting().until(d -> d.findElement(By.id("tokens-rows")).getText().contains("after-change"));
    }

    @Test
    void tokensPage_tokenWithLifetime_showsItsExpiry_oneWithoutSaysNever() throws Exception {
        t.userWith("bea", Role.VIEWER);
        Browsers.signIn(browser, t.server.baseUrl(), "/tokens.html", "bea", TestServer.password("bea"));
        browser.findElement(By.cssSelector("#new-token input[name=label]")).sendKeys("ci-90");
        browser.findElement(By.cssSelector("#new-token input[name=days]")).sendKeys("90");
        browser.findElement(By.cssSelector("#new-token button[type=submit]")).click();
        waiting().until(d -> d.findElement(By.id("tokens-rows")).getText().contains("ci-90"));
        browser.findElement(By.cssSelector("#new-token input[name=label]")).sendKeys("forever");
        browser.findElement(By.cssSelector("#new-token button[type=submit]")).click();
        waiting().until(d -> d.findElement(By.id("tokens-rows")).getText().contains("forever"));

        JsonNode listed = JSON.readTree(t.as(t.userWith("bea2", Role.ADMIN), "GET", "/api/tokens?all=true", null)
                .body());
        String expires = null;
        for (JsonNode n : listed) {
            expires = n.path("label").asText().equals("ci-90")
                    ? n.path("expiresAt").asText()
                    : expires;
        }
        assertTrue(expires != null && !expires.isEmpty(), listed.toString());
        String rows = browser.findElement(By.id("tokens-rows")).getText();
        String[] lines = rows.split("\n");
        String limited = java.util.Arrays.stream(lines)
                .filter(l -> l.contains("ci-90"))
                .findFirst()
                .orElseThrow();
        String unlimited = java.util.Arrays.stream(lines)
                .filter(l -> l.contains("forever"))
                .findFirst()
                .orElseThrow();
        assertTrue(unlimited.contains("never"), unlimited);
        assertTrue(!limited.contains("never") && limited.contains(expires.substring(0, 4)), limited);
    }

    @Test
    void usersPage_liftAddressLock_colleagueSignsInAgain() throws Exception {
        t.userWith("colleague", Role.VIEWER);
        Browsers.signIn(browser, t.server.baseUrl(), "/users.html", "tester", TestServer.password("tester"));
        for (int i = 0; i < 30; i++) {
            login("sprayed-" + i, "password-guess-" + i);
        }
        assertEquals(429, login("colleague", TestServer.password("colleague")));

        browser.navigate().refresh();
        waiting().until(d -> {
            d.findElement(By.cssSelector("#address-locks tr[data-address] button"))
                    .click();
            return true;
        });
        waiting().until(d -> d.findElement(By.id("users-status")).getText().contains("lifted"));

        assertEquals(200, login("colleague", TestServer.password("colleague")));
    }
}

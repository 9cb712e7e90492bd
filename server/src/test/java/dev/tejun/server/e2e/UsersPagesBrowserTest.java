package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The users and tokens pages in real Chromium, checked against the REST API behind them. */
@Tag("e2e")
class UsersPagesBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String XSS = "<img src=x onerror=document.title='pwned'>";

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

    private WebDriverWait waiting() {
        // the pages re-render their rows after each change
        return Browsers.redrawing(browser);
    }

    private WebElement userRow(String name) {
        return waiting()
                .until(d -> d.findElements(By.cssSelector("tr[data-user='" + name + "']")).stream()
                        .findFirst()
                        .orElse(null));
    }

    /** Finds and clicks inside the user's row in one go, again if the row was redrawn between the two. */
    private void clickInRow(String name, By what) {
        waiting().until(d -> {
            userRow(name).findElement(what).click();
            return true;
        });
    }

    private JsonNode user(String name) throws Exception {
        for (JsonNode u : JSON.readTree(t.get("/api/users").body())) {
            if (u.path("name").asText().equals(name)) {
                return u;
            }
        }
        return null;
    }

    private int login(String name, String password) throws Exception {
        return t.send(
                        "POST",
                        "/api/login",
                        JSON.writeValueAsString(Map.of("name", name, "password", password)),
                        Map.of())
                .statusCode();
    }

    @Test
    void adminCreatesAUserAndAToken_throughThePages() throws Exception {
        Browsers.signIn(browser, t.server.baseUrl(), "/users.html", "tester", TestServer.password("tester"));
        userRow("tester");

        // create carol with viewer (checked by default) and operator
        browser.findElement(By.cssSelector("#new-user input[name=name]")).sendKeys("carol");
        browser.findElement(By.cssSelector("#new-user input[name=password]")).sendKeys("carol-password-1");
        browser.findElement(By.cssSelector("#new-user-roles input[value=operator]"))
                .click();
        browser.findElement(By.cssSelector("#new-user button[type=submit]")).click();
        userRow("carol");
        assertEquals("[\"operator\",\"viewer\"]", user("carol").path("roles").toString());
        assertEquals(200, login("carol", "carol-password-1"));

        // change her roles
        clickInRow("carol", By.cssSelector("input[value=editor]"));
        clickInRow("carol", By.xpath(".//button[text()='Save roles']"));
        waiting().until(d -> {
            try {
                return user("carol").path("roles").toString().contains("editor");
            } catch (Exception e) {
                return false;
            }
        });

        // reset her password through the prompt, then disable her
        clickInRow("carol", By.xpath(".//button[text()='Reset password']"));
        var prompt = waiting().until(d -> {
            try {
                return d.switchTo().alert();
            } catch (org.openqa.selenium.NoAlertPresentException e) {
                return null;
            }
        });
        prompt.sendKeys("carol-password-2");
        prompt.accept();
        waiting().until(d -> d.findElement(By.id("users-status")).getText().contains("password reset"));
        assertEquals(200, login("carol", "carol-password-2"));
        clickInRow("carol", By.xpath(".//button[text()='Disable']"));
        waiting().until(d -> userRow("carol").getText().contains("disabled"));
        assertTrue(user("carol").path("disabled").asBoolean());
        assertEquals(401, login("carol", "carol-password-2"), "a disabled user cannot sign in");

        // my tokens: create one (shown once), use it, revoke it
        browser.get(t.server.baseUrl() + "/tokens.html");
        browser.findElement(By.cssSelector("#new-token input[name=label]")).sendKeys(XSS);
        browser.findElement(By.cssSelector("#new-token button[type=submit]")).click();
        String token = waiting().until(d -> {
            String v = d.findElement(By.id("token-value")).getText();
            return v.isBlank() ? null : v;
        });
        assertEquals(
                200,
                t.send("GET", "/api/me", null, Map.of("Authorization", "Bearer " + token))
                        .statusCode());
        WebElement row = waiting()
                .until(d -> d.findElements(By.xpath("//tr[td[text()=\"" + XSS + "\"]]")).stream()
                        .findFirst()
                        .orElse(null));
        assertFalse(browser.getTitle().contains("pwned"), "a label is shown as text");
        row.findElement(By.xpath(".//button[text()='Revoke']")).click();
        waiting().until(d -> d.findElement(By.id("tokens-status")).getText().contains("revoked"));
        assertEquals(
                401,
                t.send("GET", "/api/me", null, Map.of("Authorization", "Bearer " + token))
                        .statusCode());

        // an admin sees everybody's tokens, the fixture's own among them
        browser.get(t.server.baseUrl() + "/tokens.html?all=true");
        waiting()
                .until(d -> d.findElement(By.id("tokens-title")).getText().contains("everybody")
                        && d.findElements(By.xpath("//tr[td[text()='tests']]")).size() >= 1);
        assertFalse(browser.getTitle().contains("pwned"));
    }
}

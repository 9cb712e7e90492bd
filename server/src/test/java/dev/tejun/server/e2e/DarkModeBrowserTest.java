package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Dark mode: with the browser's prefers-color-scheme emulated dark, the pages are dark (the page background and the
 * text colour swap); the header's theme menu overrides the browser either way, and the choice stays for the next page.
 */
class DarkModeBrowserTest {

    @TempDir
    static Path temp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    static String origin;

    @BeforeAll
    static void start() throws Exception {
        origin = t.server.baseUrl();
        browser = Browsers.signedIn(t, temp, "/evidence.html", "tester");
    }

    static void prefer(String scheme) {
        ((HasCdp) browser)
                .executeCdpCommand(
                        "Emulation.setEmulatedMedia",
                        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** The relative luminance (0 black … 1 white) of the page background, as computed. */
    static double background() {
        String rgb = (String)
                ((JavascriptExecutor) browser).executeScript("return getComputedStyle(document.body).backgroundColor");
        String[] parts = rgb.replaceAll("[^0-9,]", "").split(",");
        double r = Integer.parseInt(parts[0]) / 255.0;
        double g = Integer.parseInt(parts[1]) / 255.0;
        double b = Integer.parseInt(parts[2]) / 255.0;
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }

    /** The page turns dark: the theme follows a media or menu change through the page's script, a moment later. */
    static void dark(String why) {
        settles(b -> b < 0.2, why);
    }

    static void light(String why) {
        settles(b -> b > 0.8, why);
    }

    private static void settles(java.util.function.DoublePredicate wanted, String why) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> wanted.test(background()));
        } catch (org.openqa.selenium.TimeoutException e) {
            assertTrue(wanted.test(background()), why + ", " + background());
        }
    }

    static void open(String page) {
        browser.get(origin + page);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> !d.findElements(By.id("theme")).isEmpty());
    }

    @Test
    void theme_followsPrefersColorScheme_andTheMenuOverridesIt() {
        prefer("dark");
        open("/evidence.html");
        dark("dark page background under prefers-color-scheme: dark");
        assertEquals("dark", browser.findElement(By.tagName("html")).getDomAttribute("data-theme"));

        prefer("light");
        light("follows the system back to light without a reload");

        new Select(browser.findElement(By.id("theme"))).selectByValue("dark");
        dark("the menu's dark over a light system");
        open("/audit.html");
        dark("the choice stays for the next page");

        prefer("dark");
        new Select(browser.findElement(By.id("theme"))).selectByValue("light");
        light("the menu's light over a dark system");
        new Select(browser.findElement(By.id("theme"))).selectByValue("auto");
        dark("auto follows the system again");
    }
}

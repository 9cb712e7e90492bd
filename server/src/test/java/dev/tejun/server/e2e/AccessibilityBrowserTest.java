package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.NpmPackages;
import dev.tejun.server.fixtures.PageSamples;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WebUiFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page of the web-ui (a new page is in this test without anybody adding it) has no serious or critical
 * accessibility violation as axe-core (from npm, installed by the test) finds them in real Chromium: the page is
 * loaded for a signed-in admin, axe is put into it through the driver (the pages' CSP lets no outside script in), and
 * its findings of those two impacts fail the test with the rule, the element and axe's help text.
 */
@Tag("e2e")
class AccessibilityBrowserTest {

    static final String AXE_VERSION = "4.14.1";

    @TempDir
    static Path temp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    static String axe;

    @BeforeAll
    static void start() throws Exception {
        axe = Files.readString(
                NpmPackages.install("axe-core", AXE_VERSION).resolve("node_modules/axe-core/axe.min.js"));
        PageSamples.write(t);
        browser = Browsers.signedIn(t, temp, "/index.html");
    }

    static Stream<String> pages() {
        return WebUiFiles.pages();
    }

    @ParameterizedTest
    @MethodSource("pages")
    @SuppressWarnings("unchecked")
    void page_signedIn_hasNoSeriousAccessibilityViolation(String page) {
        browser.get(PageSamples.address(t.server.baseUrl(), page));
        JavascriptExecutor js = (JavascriptExecutor) browser;
        // the page has drawn what its scripts add once the header (or, signed out, the sign-in form) is there
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> Boolean.TRUE.equals(js.executeScript("return document.readyState === 'complete'"
                        + " && !!(document.querySelector('.site-nav') || document.querySelector('form'))")));
        js.executeScript(axe);
        List<Map<String, Object>> violations = (List<Map<String, Object>>) js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then((r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
                    .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))))
                  .catch((e) => done([{ id: 'axe-failed', help: String(e) }]));
                """);
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> v : violations) {
            problems.add(v.get("impact") + " " + v.get("id") + ": " + v.get("help") + " at " + v.get("nodes"));
        }
        assertEquals(List.of(), problems, page);
    }
}

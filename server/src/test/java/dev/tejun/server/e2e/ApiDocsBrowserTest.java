package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Swagger UI at /api/docs renders the generated document in a real browser, under the pages' CSP. */
@Tag("e2e")
class ApiDocsBrowserTest {

    @TempDir
    Path temp;

    @Test
    void docs_signedIn_swaggerUiListsTheOperations() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            WebDriver browser = Browsers.chromium(temp.resolve("chrome-profile"));
            try {
                Browsers.signIn(browser, t.server.baseUrl(), "/index.html", "tester", TestServer.password("tester"));
                browser.get(t.server.baseUrl() + "/api/docs");
                new WebDriverWait(browser, Duration.ofSeconds(30))
                        .until(d -> !d.findElements(By.cssSelector(".opblock-summary-path"))
                                .isEmpty());
                String paths = browser.findElements(By.cssSelector(".opblock-summary-path")).stream()
                        .map(e -> e.getAttribute("data-path"))
                        .toList()
                        .toString();
                assertTrue(paths.contains("/api/runs/{runId}"), paths);
            } finally {
                browser.quit();
            }
        }
    }
}

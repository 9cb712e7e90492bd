package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The operation list in a real browser: reached from the CMDB page, an operation planned, shown, cancelled. */
class OperationsPageBrowserTest {

    @TempDir
    Path temp;

    @Served
    TestServer t;

    @AutoClose("quit")
    WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        browser = Browsers.signedIn(t, temp, "/cmdb.html", "tester");
    }

    @Test
    void operationsPage_planThenCancel_rowShowsZoneAndStatus() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(d -> d.findElement(By.id("operations-page"))).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/cmdb-operations.html"));
        WebElement form = wait.until(d -> d.findElement(By.id("new-operation")));
        form.findElement(By.name("name")).sendKeys("patch-7");
        form.findElement(By.name("planned")).sendKeys("2026-11-01T10:00+09:00[Asia/Tokyo]");
        form.findElement(By.name("owner")).sendKeys("tester");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        // the table is drawn again after each change: read it inside the wait, which retries a row replaced meanwhile
        String shown =
                wait.until(d -> d.findElement(By.cssSelector("tr[data-operation='patch-7'][data-status=planned]"))
                        .getText());
        assertTrue(shown.contains("2026-11-01T10:00+09:00[Asia/Tokyo]"), shown);
        wait.until(d -> {
            d.findElement(By.cssSelector("tr[data-operation='patch-7'] button")).click();
            return true;
        });
        wait.until(d -> "cancelled"
                .equals(d.findElement(By.cssSelector("tr[data-operation='patch-7']"))
                        .getAttribute("data-status")));
        assertEquals(
                "cancelled",
                t.cmdb.operations().get("patch-7").orElseThrow().status().wire());
    }
}

package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.Operation;
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

    @Test
    void operationsPage_startFlowForOperation_flowLinkedAndOperationDone() throws Exception {
        t.write("hello.md", """
                ---
                params:
                  operation: { default: "" }
                ---
                # Hello

                ```sh {#hi}
                echo hello
                ```
                """);
        t.write("hello.flow.yaml", """
                title: Hello for an operation
                params:
                  operation: { default: "" }
                nodes:
                  - id: hi
                    type: runbook
                    runbook: hello.md
                    operation: "${params.operation}"
                    next: end
                  - id: end
                    type: end
                """);
        t.cmdb.operations()
                .create(new Operation.Draft("patch-8", null, "tester", ""), new Actor("tester", Channel.WEB));
        browser.get(t.server.baseUrl() + "/cmdb-operations.html");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(d -> d.findElement(By.cssSelector("#drive-flow option[value='hello.flow.yaml']")));
        wait.until(d -> d.findElement(By.cssSelector("#drive-operation option[value='patch-8']")));
        browser.findElement(By.cssSelector("#drive button[type=submit]")).click();
        wait.until(d -> d.findElement(By.cssSelector("tr[data-operation='patch-8'][data-status=done]")));
        String href = wait.until(d -> {
            String h = d.findElement(By.cssSelector("tr[data-operation='patch-8'] a[data-kind=flow]"))
                    .getAttribute("href");
            return h != null && h.contains("flow.html?name=hello.flow.yaml&instance=") ? h : null;
        });
        String instance = href.substring(href.indexOf("instance=") + "instance=".length());
        Operation op = t.cmdb.operations().get("patch-8").orElseThrow();
        assertEquals(instance, op.links().getFirst().ref(), "the link opens the instance the operation ran");
        assertEquals(
                1,
                browser.findElements(By.cssSelector("tr[data-operation='patch-8'] a[data-kind=run]"))
                        .size(),
                "its node's run is linked too");
    }
}

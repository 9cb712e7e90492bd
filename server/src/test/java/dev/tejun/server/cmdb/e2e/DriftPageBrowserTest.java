package dev.tejun.server.cmdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.server.auth.Role;
import dev.tejun.server.cmdb.CmdbSamples;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The expected × actual page in a real headless Chromium: the drift matrix red where they differ, the variable map. */
@Tag("e2e")
class DriftPageBrowserTest {

    @TempDir
    static Path tmp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        CmdbSamples.fill(t.cmdb);
        t.cmdb.putSheet(
                SheetDef.host("web_seen", "", ColumnDef.of("port", ColumnType.STRING))
                        .observing(new SheetDef.Pairing("web", Map.of())),
                Actor.SYSTEM);
        t.cmdb.recordObserved(
                "web_seen",
                Map.of("web1", Map.of("port", "8080"), "web2", Map.of("port", "9999")),
                "run-1",
                Actor.SYSTEM);
        t.write("site.yml", """
                - hosts: web
                  tasks:
                    - ansible.builtin.debug: { msg: "{{ port }} {{ nobody }}" }
                """);
        t.userWith("viewer", Role.VIEWER);
        browser = Browsers.signedIn(t, tmp, "/cmdb-drift.html", "viewer");
    }

    @Test
    void page_showsDriftRedAndEachVariableWithItsSource() {
        browser.get(t.server.baseUrl() + "/cmdb-drift.html");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> !d.findElements(By.cssSelector("table[data-sheet='web'] tr[data-host='web2']"))
                .isEmpty());
        WebElement web2 = browser.findElement(By.cssSelector("tr[data-host='web2'] td[data-column='port']"));
        WebElement web1 = browser.findElement(By.cssSelector("tr[data-host='web1'] td[data-column='port']"));
        assertEquals("drift-differs", web2.getAttribute("class"));
        assertTrue(web2.getText().contains("8081") && web2.getText().contains("9999"), web2.getText());
        assertEquals("", web1.getAttribute("class"));
        wait.until(d -> !d.findElements(By.cssSelector("#vars tr[data-variable='nobody']"))
                .isEmpty());
        String port = browser.findElement(By.cssSelector("#vars tr[data-variable='port']"))
                .getText();
        assertTrue(port.contains("cmdb web.port"), port);
        String nobody = browser.findElement(By.cssSelector("#vars tr[data-variable='nobody']"))
                .getText();
        assertTrue(nobody.contains("nothing defines it"), nobody);
    }
}

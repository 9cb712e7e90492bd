package dev.tejun.server.cmdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.cmdb.CmdbSamples;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The variable map in a real headless Chromium, reached from the runbook page: each variable of the playbook the
 * runbook runs with where its value comes from — a sheet column, an Ansible fact (gathered or set_fact), a registered
 * result, a param, or nothing (red) — in English and in Japanese; and one playbook's map on its own.
 */
@Tag("e2e")
class VariableMapBrowserTest {

    @TempDir
    static Path tmp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        CmdbSamples.fill(t.cmdb);
        t.write("site.yml", """
                - hosts: web
                  tasks:
                    - ansible.builtin.command: echo {{ port }}
                      register: out
                    - ansible.builtin.set_fact: { total: "{{ ansible_memtotal_mb }}" }
                    - ansible.builtin.debug: { msg: "{{ out.stdout }} {{ total }} {{ env }} {{ nobody }}" }
                """);
        t.write("other.yml", """
                - hosts: web
                  tasks:
                    - ansible.builtin.debug: { msg: "{{ elsewhere }}" }
                """);
        t.write("deploy.md", """
                ---
                params:
                  env: { default: staging }
                ---
                # Deploy

                ```ansible {#site playbook=site.yml}
                ```
                """);
        browser = Browsers.signedIn(t, tmp, "/notebook.html?runbook=deploy.md");
    }

    private String kind(String variable) {
        return browser.findElement(By.cssSelector("tr[data-variable='" + variable + "']"))
                .getDomAttribute("data-kind");
    }

    private String text(String variable) {
        return browser.findElement(By.cssSelector("tr[data-variable='" + variable + "']"))
                .getText();
    }

    @Test
    void runbookPage_linksToItsVariableMap_eachSourceByKind_inEnglishAndJapanese() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(t.server.baseUrl() + "/notebook.html?runbook=deploy.md");
        wait.until(d ->
                d.findElement(By.id("variable-map")).getDomAttribute("href").contains("runbook="));
        browser.findElement(By.id("variable-map")).click();
        wait.until(d ->
                !d.findElements(By.cssSelector("tr[data-variable='nobody']")).isEmpty());

        assertEquals(
                1, browser.findElements(By.cssSelector("section[data-file]")).size(), "other.yml is not run");
        assertEquals("cmdb", kind("port"));
        assertTrue(text("port").contains("sheet column") && text("port").contains("web.port"), text("port"));
        assertEquals("registered", kind("out"));
        assertEquals("fact", kind("total"), "set_fact");
        assertEquals("fact", kind("ansible_memtotal_mb"));
        assertTrue(text("ansible_memtotal_mb").contains("Ansible fact"), text("ansible_memtotal_mb"));
        assertEquals("param", kind("env"));
        assertEquals("missing", kind("nobody"));
        assertEquals(
                "drift-differs",
                browser.findElement(By.cssSelector("tr[data-variable='nobody']"))
                        .getDomAttribute("class"));

        assertEquals(200, t.put("/api/me/settings", "{\"language\":\"ja\"}").statusCode());
        try {
            browser.navigate().refresh();
            wait.until(d -> "ja".equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
            wait.until(d -> !d.findElements(By.cssSelector("tr[data-variable='nobody']"))
                    .isEmpty());
            assertTrue(text("ansible_memtotal_mb").contains("Ansible ファクト"), text("ansible_memtotal_mb"));
            assertTrue(text("out").contains("register 結果"), text("out"));
            assertTrue(text("nobody").contains("未定義"), text("nobody"));
        } finally {
            t.put("/api/me/settings", "{\"language\":\"en\"}");
        }
    }

    @Test
    void playbookOnly_showsThatFilesMap() {
        browser.get(t.server.baseUrl() + "/variables.html?file=other.yml");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> !d.findElements(By.cssSelector("tr[data-variable='elsewhere']"))
                        .isEmpty());
        assertEquals(
                1,
                browser.findElements(By.cssSelector("section[data-file='other.yml']"))
                        .size());
        assertEquals(
                0,
                browser.findElements(By.cssSelector("tr[data-variable='nobody']"))
                        .size());
        assertEquals("missing", kind("elsewhere"));
    }
}

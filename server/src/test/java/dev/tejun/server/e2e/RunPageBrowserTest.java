package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A run has its own page, reached from the evidence list by run id: the runbook, commit, params, user, interface,
 * times, duration and status, each cell with links to its full output, the downloads, and the report inline; no path
 * on the server's disk shows. The audit page pages through the log.
 */
class RunPageBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    static TestServer t;
    static WebDriver browser;
    static String origin;
    static String runId;

    @BeforeAll
    static void start() throws Exception {
        t = new TestServer(temp);
        t.write("hello.md", """
                ---
                params:
                  env: { default: staging }
                ---
                # Hello

                ```sh {#greet}
                echo hello-from-the-cell
                ```
                """);
        var r = t.post("/api/runs", "{\"runbook\":\"hello.md\",\"params\":{\"env\":\"prod\"}}");
        assertEquals(201, r.statusCode(), r.body());
        runId = JSON.readTree(r.body()).get("runId").asText();
        Await.until(
                () -> JSON.readTree(t.get("/api/runs/" + runId).body())
                        .path("status")
                        .asText()
                        .equals("OK"),
                "the run ends ok");
        origin = t.server.baseUrl();
        browser = Browsers.signedIn(t, temp, "/evidence.html", "tester");
    }

    @AfterAll
    static void stop() {
        Browsers.stop(browser, t);
    }

    static WebDriverWait waiting() {
        // a page re-draws its rows while a wait reads them (seen under load on the audit page): read again
        return Browsers.redrawing(browser);
    }

    @Test
    void runPage_fromTheEvidenceList_showsTheRunAndItsReportByIdOnly() throws Exception {
        browser.get(origin + "/evidence.html");
        waiting().until(d -> d.findElement(By.linkText(runId))).click();
        waiting().until(d -> d.getCurrentUrl().endsWith("/run.html?id=" + runId));
        WebElement facts = waiting().until(d -> {
            WebElement f = d.findElement(By.id("run-facts"));
            return f.getText().contains("hello.md") ? f : null;
        });
        String text = facts.getText();
        assertTrue(text.contains("env=prod"), text);
        assertTrue(text.contains("tester"), text);
        assertTrue(text.matches("(?s).*\\d+(\\.\\d)? s.*"), "a duration: " + text);
        assertFalse(text.matches("(?s).*\\d{4}-\\d\\d-\\d\\dT.*"), "no raw ISO time: " + text);
        assertEquals("ok", browser.findElement(By.id("run-status")).getText());
        String frame = waiting().until(d -> {
            String doc = d.findElement(By.id("run-report-frame")).getDomProperty("srcdoc");
            return doc != null && doc.contains("hello-from-the-cell") ? doc : null;
        });
        assertTrue(frame.contains("hello-from-the-cell"));
        List<String> hrefs = browser.findElements(By.cssSelector("main a")).stream()
                .map(a -> a.getDomAttribute("href"))
                .toList();
        for (String expected : List.of("/evidence.zip", "/report.html", "/report.md")) {
            // the report in the page's language (?lang=en here)
            String href = hrefs.stream()
                    .filter(h -> h.endsWith(expected) || h.endsWith(expected + "?lang=en"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(200, t.getBytes(href).statusCode(), href);
        }
        assertTrue(hrefs.contains("output.html?run=" + runId + "&cell=greet&stream=stdout"), hrefs.toString());
        String page = (String) ((JavascriptExecutor) browser).executeScript("return document.body.innerText");
        assertFalse(page.contains(temp.toString()), "no path on the server's disk: " + page);
    }

    /** A large output is read a page (1 MiB) at a time: no answer to the tab carries more than one page. */
    @Test
    void outputViewer_largeOutput_pagesThroughItByRanges() throws Exception {
        t.write("big.md", """
                ```sh {#big}
                for i in 1 2 3; do yes "page-$i-line" | head -c 1048576; done; echo END-OF-OUTPUT
                ```
                """);
        var r = t.post("/api/runs", "{\"runbook\":\"big.md\"}");
        String big = JSON.readTree(r.body()).get("runId").asText();
        Await.until(
                () -> JSON.readTree(t.get("/api/runs/" + big).body())
                        .path("status")
                        .asText()
                        .equals("OK"),
                "the big run ends ok");

        browser.get(origin + "/output.html?run=" + big + "&cell=big&stream=stdout");
        waiting().until(d -> d.findElement(By.id("page-where")).getText().contains("page 1 of 4"));
        assertTrue(text().startsWith("page-1-line\n"), "the first page");
        assertFalse(text().contains("page-2-line"), "only the first page");
        browser.findElement(By.id("page-next")).click();
        waiting().until(d -> text().startsWith("page-2-line"));
        browser.findElement(By.id("page-last")).click();
        waiting().until(d -> text().endsWith("END-OF-OUTPUT\n"));
        assertFalse(browser.findElement(By.id("page-next")).isEnabled());
        Number largest = (Number) ((JavascriptExecutor) browser).executeScript("""
                return Math.max(...performance.getEntriesByType('resource')
                    .filter((e) => e.name.includes('/cells/big/stdout')).map((e) => e.decodedBodySize));""");
        assertTrue(largest.longValue() <= 1_048_576, "largest answer " + largest + " bytes");
    }

    private static String text() {
        return (String) ((JavascriptExecutor) browser)
                .executeScript("return document.getElementById('output-text').textContent");
    }

    @Test
    void audit_olderAndNewer_pageThroughTheLog() {
        browser.get(origin + "/audit.html?limit=3");
        WebElement older = waiting().until(d -> {
            WebElement b = d.findElement(By.id("audit-older"));
            return b.isEnabled() ? b : null;
        });
        String first = firstId();
        assertEquals(3, browser.findElements(By.cssSelector("#audit-rows tr")).size());
        older.click();
        waiting().until(d -> !firstId().equals(first));
        long second = Long.parseLong(firstId());
        assertTrue(second < Long.parseLong(first), "older entries on the second page");
        assertTrue(browser.findElement(By.id("audit-newer")).isEnabled());
        browser.findElement(By.id("audit-newer")).click();
        waiting().until(d -> firstId().equals(first));
        assertNotEquals(first, String.valueOf(second));
    }

    private static String firstId() {
        return waiting().until(d -> {
            List<WebElement> cells = d.findElements(By.cssSelector("#audit-rows tr:first-child td"));
            return cells.isEmpty() ? "" : cells.getFirst().getText();
        });
    }
}

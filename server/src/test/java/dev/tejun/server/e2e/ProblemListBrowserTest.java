package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.format.RunbookCheck;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The notebook's problem list says what {@code tejun check} says of the file, with the same lines: an attribute of
 * another executor and an ill-typed value are errors there too, an unknown key a warning.
 */
@Tag("e2e")
class ProblemListBrowserTest {

    static final String RUNBOOK = """
            # Attributes

            ```sh {#slow timeout=soon}
            echo one
            ```

            Text between.

            ```sh {#wrong playbook=site.yml}
            echo two
            ```

            ```sh {#odd colour=blue}
            echo three
            ```
            """;

    @TempDir
    static Path temp;

    static TestServer t;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        t = new TestServer(temp);
        t.write("attrs.md", RUNBOOK);
        t.write("clean.md", "# Clean\n\n```sh {#a timeout=5s}\necho ok\n```\n");
        browser = Browsers.signedIn(t, temp, "/notebook.html?runbook=attrs.md");
    }

    @AfterAll
    static void stop() {
        Browsers.stop(browser, t);
    }

    @Test
    void notebook_attributeErrors_listedAsCheckListsThem() {
        browser.get(t.server.baseUrl() + "/notebook.html?runbook=attrs.md");
        WebElement list = new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            WebElement l = d.findElement(By.id("problems"));
            return l.isDisplayed()
                            && l.findElements(By.cssSelector("li.problem")).size() >= 3
                    ? l
                    : null;
        });
        List<String> shown = list.findElements(By.cssSelector("li.problem")).stream()
                .map(li -> li.getAttribute("data-severity") + " " + li.getText())
                .toList();
        List<String> checked = RunbookCheck.problems(RunbookFormat.parse(RUNBOOK)).stream()
                .map(p -> p.severity().name().toLowerCase() + " line " + p.line() + ": " + p.message())
                .toList();
        assertEquals(checked, shown);
        assertTrue(shown.get(0).startsWith("error line 3: ") && shown.get(0).contains("timeout"), shown.toString());
        assertTrue(shown.get(1).startsWith("error line 9: ") && shown.get(1).contains("playbook"), shown.toString());
        assertTrue(shown.get(2).startsWith("warning line 13: ") && shown.get(2).contains("colour"), shown.toString());
        assertEquals(
                3,
                RunbookCheck.problems(RunbookFormat.parse(RUNBOOK)).stream()
                        .map(Problem::line)
                        .distinct()
                        .count());
    }

    @Test
    void notebook_cleanRunbook_noProblemList() {
        browser.get(t.server.baseUrl() + "/notebook.html?runbook=clean.md");
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> !d.findElements(By.cssSelector("#cells .cell")).isEmpty());
        assertTrue(!browser.findElement(By.id("problems")).isDisplayed());
    }
}

package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.server.ServerConfig;
import dev.tejun.server.TejunServer;
import dev.tejun.server.auth.Role;
import dev.tejun.server.auth.UserStore;
import dev.tejun.server.fixtures.Browsers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Authoring in the notebook (issue 17 §2) in a real headless Chromium: every action leaves the file bytes expected. */
@Tag("e2e")
class AuthoringBrowserTest {

    @TempDir
    static Path tmp;

    static final String SECTIONS = """
            # Sections

            ## Part A

            ```sh {#a1}
            echo a1
            ```

            ## Part B

            ```sh {#b1}
            echo b1
            ```

            ### Inside B

            ```sh {#b2}
            echo b2
            ```

            ## Part C

            ```sh {#c1}
            echo c1
            ```
            """;

    static CmdbStore cmdb;
    static TejunServer server;
    static WebDriver browser;
    static Path runbooks;

    @BeforeAll
    static void start() throws Exception {
        runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        for (int width : new int[] {Browsers.NARROW, Browsers.WIDE}) {
            Files.writeString(runbooks.resolve("sections-" + width + ".md"), SECTIONS);
        }
        // the data folder's database as the run chose it (SQLite, or PostgreSQL in the second pass)
        cmdb = new CmdbStore(TestDatabases.settings(tmp.resolve("data")), Clock.systemUTC());
        server = TejunServer.start(new ServerConfig(
                "127.0.0.1",
                0,
                runbooks,
                tmp.resolve("data"),
                new ExecutorRegistry(List.of(new ShellExecutorFactory())),
                Clock.systemUTC(),
                cmdb));
        browser = Browsers.chromium(tmp.resolve("chrome-profile"));
        new UserStore(cmdb.database(), Clock.systemUTC())
                .create("ed", "password-of-ed", EnumSet.of(Role.VIEWER, Role.OPERATOR, Role.EDITOR));
        Browsers.signIn(browser, server.baseUrl(), "/index.html", "ed", "password-of-ed");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.stop();
        }
        if (cmdb != null) {
            cmdb.close();
        }
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private void waitForFile(Path file, String expected) {
        waiting().until(d -> {
            try {
                return Files.exists(file) && Files.readString(file).equals(expected);
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    /** Clicks the control once it is enabled; a cell drawn again meanwhile (a save's echo) is found again. */
    private void click(String css) {
        waiting().ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement b = d.findElement(By.cssSelector(css));
            if (!b.isEnabled()) {
                return false;
            }
            b.click();
            return true;
        });
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {Browsers.NARROW, Browsers.WIDE})
    void newRunbook_addMoveAttributesDelete_fileBytesAsExpected(int width) throws Exception {
        Browsers.width(browser, width);
        browser.get(server.baseUrl() + "/index.html");
        browser.findElement(By.cssSelector("#new-runbook summary")).click();
        browser.findElement(By.cssSelector("#new-runbook-form [name=name]")).sendKeys("patch-" + width);
        browser.findElement(By.cssSelector("#new-runbook-form [name=title]")).sendKeys("Patch web");
        browser.findElement(By.cssSelector("#new-runbook-form [name=folder]")).sendKeys("ops");
        assertEquals(0, Browsers.sidewaysScroll(browser), "the runbook list fits " + width + " px");
        browser.findElement(By.cssSelector("#new-runbook-form button[type=submit]"))
                .click();
        Path file = runbooks.resolve("ops/patch-" + width + ".md");
        waitForFile(file, "---\ntitle: \"Patch web\"\n---\n# Patch web\n");
        waiting()
                .until(d -> d.getCurrentUrl().contains("notebook.html")
                        && "open".equals(d.findElement(By.id("connection")).getAttribute("data-state")));

        // two code cells after the heading: "+ code" under the heading's prose, twice
        click(".cell-insert[data-after='0'] .insert-code");
        waitForFile(file, "---\ntitle: \"Patch web\"\n---\n# Patch web\n\n```sh\n```\n");
        click(".cell-insert[data-after='1'] .insert-code");
        waitForFile(file, "---\ntitle: \"Patch web\"\n---\n# Patch web\n\n```sh\n```\n\n```sh\n```\n");

        assertEquals(0, Browsers.sidewaysScroll(browser), "the notebook fits " + width + " px");
        click("[data-cell-id='cell-1'] .cell-edit-attributes");
        WebElement id = waiting().until(d -> d.findElement(By.cssSelector("dialog .attr-id")));
        id.sendKeys("first");
        // the dialog offers what a sh cell's executor takes, and no field for another executor's hosts=
        String takes = browser.findElement(By.cssSelector("dialog .attr-takes")).getText();
        assertTrue(takes.contains("cwd") && takes.contains("streams=merged|separate"), takes);
        assertTrue(browser.findElements(By.cssSelector("dialog .attr-hosts")).isEmpty(), "a hosts field on a sh cell");
        browser.findElement(By.cssSelector("dialog .attr-timeout")).sendKeys("30");
        browser.findElement(By.cssSelector("dialog .dialog-save")).click();
        waitForFile(
                file, "---\ntitle: \"Patch web\"\n---\n# Patch web\n\n```sh {#first timeout=30}\n```\n\n```sh\n```\n");

        click("[data-cell-id='first'] .cell-down");
        waitForFile(
                file, "---\ntitle: \"Patch web\"\n---\n# Patch web\n\n```sh\n```\n\n```sh {#first timeout=30}\n```\n");
        // an edit is undone from its notice: the file is as it was before the move, and the move is made again
        click("#notice .undo-notice .notice-undo");
        waitForFile(
                file, "---\ntitle: \"Patch web\"\n---\n# Patch web\n\n```sh {#first timeout=30}\n```\n\n```sh\n```\n");
        click("[data-cell-id='first'] .cell-down");
        waitForFile(
                file, "---\ntitle: \"Patch web\"\n---\n# Patch web\n\n```sh\n```\n\n```sh {#first timeout=30}\n```\n");

        click("[data-cell-id='first'] .cell-delete");
        waiting().until(d -> {
            try {
                d.switchTo().alert().accept();
                return true;
            } catch (org.openqa.selenium.NoAlertPresentException e) {
                return false;
            }
        });
        waitForFile(file, "---\ntitle: \"Patch web\"\n---\n# Patch web\n\n```sh\n```\n");
        waiting()
                .until(d ->
                        d.findElements(By.cssSelector("[data-cell-id='first']")).isEmpty());
        assertEquals(1, browser.findElements(By.cssSelector(".code-cell")).size());
    }

    /** Answers the page's confirmation (accepts or dismisses it) once it shows; returns its question. */
    private String answerConfirm(boolean accept) {
        return waiting().until(d -> {
            try {
                var alert = d.switchTo().alert();
                String question = alert.getText();
                if (accept) {
                    alert.accept();
                } else {
                    alert.dismiss();
                }
                return question;
            } catch (org.openqa.selenium.NoAlertPresentException e) {
                return null;
            }
        });
    }

    private void openFileActions() {
        waiting().until(d -> "open".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
        browser.findElement(By.cssSelector("#runbook-actions summary")).click();
    }

    @Test
    void renameThenDelete_fromTheNotebook_askFirstAndAreRefusedWhileAFlowRefersToIt() throws Exception {
        Files.writeString(runbooks.resolve("old.md"), "# Old\n\n```sh {#o1}\necho old\n```\n");
        browser.get(server.baseUrl() + "/notebook.html?runbook=old.md");
        // one run under the old name first
        click("#run-all");
        waiting().until(d -> "ok".equals(status("o1")));
        openFileActions();
        WebElement to = browser.findElement(By.cssSelector("#move-runbook-form [name=to]"));
        assertEquals("old.md", to.getAttribute("value"));
        to.clear();
        to.sendKeys("archive/new");

        // dismissed: nothing moves
        click("#move-runbook-form button[type=submit]");
        String question = answerConfirm(false);
        assertTrue(question.contains("old.md") && question.contains("archive/new.md"), question);
        assertTrue(Files.exists(runbooks.resolve("old.md")));

        click("#move-runbook-form button[type=submit]");
        answerConfirm(true);
        waitForFile(runbooks.resolve("archive/new.md"), "# Old\n\n```sh {#o1}\necho old\n```\n");
        assertTrue(Files.notExists(runbooks.resolve("old.md")));
        waiting().until(d -> d.getCurrentUrl().contains("runbook=archive%2Fnew.md"));
        waiting().until(d -> d.findElement(By.id("runbook-former")).getText().contains("old.md"));
        // the runbook list counts the run made under the old name with the runbook as it is named now
        browser.get(server.baseUrl() + "/index.html");
        waiting()
                .until(d -> !d.findElements(
                                By.cssSelector("li[data-runbook='archive/new.md'] .history-run[data-status='ok']"))
                        .isEmpty());
        browser.get(server.baseUrl() + "/notebook.html?runbook=archive/new.md");

        // a flow names it: the delete is refused, naming the flow's node
        Files.writeString(runbooks.resolve("uses.flow.yaml"), """
                title: Uses
                nodes:
                  - { id: step, type: runbook, runbook: archive/new.md, next: done }
                  - { id: done, type: end }
                """);
        openFileActions();
        click("#delete-runbook");
        assertTrue(answerConfirm(true).contains("archive/new.md"));
        String refusal = waiting().until(d -> {
            WebElement e = d.findElement(By.id("runbook-actions-error"));
            return e.isDisplayed() ? e.getText() : null;
        });
        assertTrue(refusal.contains("flow uses.flow.yaml node step"), refusal);
        assertTrue(Files.exists(runbooks.resolve("archive/new.md")));

        Files.delete(runbooks.resolve("uses.flow.yaml"));
        click("#delete-runbook");
        answerConfirm(true);
        waiting().until(d -> d.getCurrentUrl().endsWith("/index.html"));
        assertTrue(Files.notExists(runbooks.resolve("archive/new.md")));
    }

    private String status(String cell) {
        return browser.findElement(By.cssSelector("[data-cell-id='" + cell + "'] .cell-status"))
                .getAttribute("data-status");
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {Browsers.NARROW, Browsers.WIDE})
    void headingMenu_runSection_runsOnlyTheCellsUnderIt(int width) {
        Browsers.width(browser, width);
        browser.get(server.baseUrl() + "/notebook.html?runbook=sections-" + width + ".md");
        waiting().until(d -> "open".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
        WebElement partB = waiting()
                .until(d -> d.findElements(By.cssSelector("h2")).stream()
                        .filter(h -> h.getText().startsWith("Part B"))
                        .findFirst()
                        .orElse(null));
        WebElement run = partB.findElement(By.cssSelector(".run-section"));
        assertEquals("b1 b2", run.getAttribute("data-cells"));

        waiting().until(d -> run.isEnabled());
        run.click();

        waiting().until(d -> "ok".equals(status("b1")) && "ok".equals(status("b2")));
        assertEquals("idle", status("a1"));
        assertEquals("idle", status("c1"));
        assertEquals(0, Browsers.sidewaysScroll(browser), "the notebook fits " + width + " px");
    }
}

package dev.tejun.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.server.TejunServer;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.SignedInNotebook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The notebook's run controls cannot start a run twice by accident (issue 17 §1), in a real headless Chromium. */
@Tag("e2e")
class SafeControlsBrowserTest {

    @TempDir
    static Path tmp;

    static final String EDIT = """
            # Edit me

            ```sh {#cell}
            echo before
            ```
            """;

    static SignedInNotebook notebook;
    static TejunServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        Files.writeString(runbooks.resolve("twice.md"), """
                ---
                title: Twice
                params:
                  who: { default: me }
                ---
                # Twice

                ```sh {#one}
                echo one
                ```

                ```sh {#two}
                sleep 2; echo two
                ```
                """);
        Files.writeString(runbooks.resolve("needs.md"), """
                ---
                params:
                  target: { type: string }
                ---
                # Needs a target

                ```sh {#go}
                echo ${params.target}
                ```
                """);
        Files.writeString(runbooks.resolve("edit.md"), EDIT);
        notebook = SignedInNotebook.start(
                tmp,
                runbooks,
                "op",
                EnumSet.of(Role.VIEWER, Role.OPERATOR, Role.EDITOR),
                "/notebook.html?runbook=twice.md");
        server = notebook.server();
        browser = notebook.browser();
    }

    @AfterAll
    static void stop() {
        if (notebook != null) {
            notebook.close();
        }
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private void open(String runbook) {
        browser.get(server.baseUrl() + "/notebook.html?runbook=" + runbook);
        waiting()
                .until(d -> !d.findElements(By.cssSelector("[data-cell-id]")).isEmpty()
                        && "open".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
    }

    private static long runsOnDisk() throws IOException {
        Path evidence = tmp.resolve("data").resolve("evidence");
        if (!Files.isDirectory(evidence)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(evidence)) {
            return files.filter(p -> p.getFileName().toString().equals(EvidenceLayout.RUN_JSON))
                    .count();
        }
    }

    @Test
    void runAll_doubleClicked_runsOnce_andControlsOffWhileBusy() throws Exception {
        open("twice.md");
        long before = runsOnDisk();
        new Actions(browser).doubleClick(browser.findElement(By.id("run-all"))).perform();
        waiting()
                .until(d -> "running"
                        .equals(d.findElement(By.cssSelector("[data-cell-id='two'] .cell-status"))
                                .getAttribute("data-status")));
        assertEquals("true", browser.findElement(By.id("run-all")).getDomProperty("disabled"));
        assertEquals(
                "true",
                browser.findElement(By.cssSelector("[data-cell-id='one'] .run-cell"))
                        .getDomProperty("disabled"));
        assertEquals("true", browser.findElement(By.id("param-who")).getDomProperty("disabled"));
        waiting()
                .until(d -> "ok"
                        .equals(d.findElement(By.cssSelector("[data-cell-id='two'] .cell-status"))
                                .getAttribute("data-status")));
        waiting().until(d -> "false".equals(d.findElement(By.id("run-all")).getDomProperty("disabled")));
        // a second run queued by the double click would start now and take two seconds more
        Thread.sleep(3000);
        assertEquals(1, runsOnDisk() - before, "one run in evidence after a double click");
    }

    @Test
    void sameErrorTwice_oneLegibleNoticeWithCount_staysUntilDismissed() throws Exception {
        open("needs.md");
        for (int i = 0; i < 2; i++) {
            waiting()
                    .until(d -> "false"
                            .equals(d.findElement(By.cssSelector("[data-cell-id='go'] .run-cell"))
                                    .getDomProperty("disabled")));
            browser.findElement(By.cssSelector("[data-cell-id='go'] .run-cell")).click();
            int seen = i + 1;
            waiting()
                    .until(d -> d.findElements(By.cssSelector("#notice .notice-item.error"))
                                            .size()
                                    == 1
                            && String.valueOf(seen)
                                    .equals(d.findElement(By.cssSelector("#notice .notice-item.error"))
                                            .getAttribute("data-count")));
        }
        WebElement notice = browser.findElement(By.cssSelector("#notice .notice-item.error"));
        assertEquals("×2", notice.findElement(By.className("notice-count")).getText());
        assertNotEquals(
                notice.getCssValue("color"), notice.getCssValue("background-color"), "text shows on its ground");
        Thread.sleep(9000); // longer than an error notice lasted before
        assertEquals(
                1,
                browser.findElements(By.cssSelector("#notice .notice-item.error"))
                        .size(),
                "errors stay");
        notice.findElement(By.cssSelector("button[aria-label='Dismiss']")).click();
        assertTrue(browser.findElements(By.cssSelector("#notice .notice-item")).isEmpty());
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {Browsers.NARROW, Browsers.WIDE})
    void typedThenBlurred_fileUnchanged_untilSave(int width) throws Exception {
        Browsers.width(browser, width);
        Path file = tmp.resolve("runbooks").resolve("edit.md");
        Files.writeString(file, EDIT);
        open("edit.md");
        type(" after");
        browser.findElement(By.id("runbook-title")).click(); // the editor loses focus
        WebElement mark = browser.findElement(By.cssSelector("[data-cell-id='cell'] .cell-dirty"));
        waiting().until(d -> mark.isDisplayed() && mark.getText().equals("unsaved"));
        Thread.sleep(1000); // what a save on blur would have needed to reach the disk
        assertEquals(EDIT, Files.readString(file), "no keystroke reaches the file without a save");
        assertEquals(Boolean.TRUE, leavingAsks(), "leaving the page with an unsaved edit asks first");

        browser.findElement(By.cssSelector("[data-cell-id='cell'] .save-cell")).click();
        waiting().until(d -> mark.getText().matches("saved \\d\\d:\\d\\d ✓"));
        assertEquals(EDIT.replace("echo before", "echo before after"), Files.readString(file));
        assertEquals(Boolean.FALSE, leavingAsks(), "once saved, the page is left without asking");
        assertEquals(
                "true",
                browser.findElement(By.cssSelector("[data-cell-id='cell'] .save-cell"))
                        .getDomProperty("disabled"));
        assertEquals(0, Browsers.sidewaysScroll(browser), "the notebook fits " + width + " px");
    }

    static final String UNDO = """
            # Undo me

            ```sh {#cell}
            echo first
            ```
            """;

    /** Types {@code typed} at the end of the cell's first line. */
    private void type(String typed) {
        WebElement editor = waiting().until(d -> d.findElement(By.cssSelector("[data-cell-id='cell'] .CodeMirror")));
        new Actions(browser).click(editor).sendKeys(Keys.END, typed).perform();
    }

    /** Types {@code typed} into the cell and saves it with its Save button; waits until the file reads {@code then}. */
    private void typeAndSave(String typed, Path file, String then) {
        type(typed);
        browser.findElement(By.cssSelector("[data-cell-id='cell'] .save-cell")).click();
        WebElement mark = browser.findElement(By.cssSelector("[data-cell-id='cell'] .cell-dirty"));
        waiting()
                .until(d -> mark.getText().matches("saved \\d\\d:\\d\\d ✓")
                        && read(file).equals(then));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ctrl-Z with the focus on the page's title, outside every editor. */
    private void ctrlZOutsideEditors() {
        browser.findElement(By.id("runbook-title")).click();
        new Actions(browser)
                .keyDown(Keys.CONTROL)
                .sendKeys("z")
                .keyUp(Keys.CONTROL)
                .perform();
    }

    /** The cell's code as the page shows it: in its editor, or in the text that stands for it until it has one. */
    private String shownCode() {
        return (String)
                ((JavascriptExecutor) browser)
                        .executeScript(
                                "const cell = document.querySelector(\"[data-cell-id='cell']\");"
                                        + " const cm = cell.querySelector('.CodeMirror');"
                                        + " return cm ? cm.CodeMirror.getValue() : cell.querySelector('.cell-code-static').textContent;");
    }

    private String editorText() {
        return (String) ((JavascriptExecutor) browser)
                .executeScript(
                        "return document.querySelector(\"[data-cell-id='cell'] .CodeMirror\").CodeMirror.getValue()");
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {Browsers.NARROW, Browsers.WIDE})
    void saved_undoneByItsButtonOrCtrlZ_fileBytesAsBeforeTheSave(int width) throws Exception {
        Browsers.width(browser, width);
        String name = "undo-" + width + ".md";
        Path file = tmp.resolve("runbooks").resolve(name);
        Files.writeString(file, UNDO);
        open(name);
        typeAndSave(" second", file, UNDO.replace("echo first", "echo first second"));

        WebElement undo = browser.findElement(By.cssSelector("[data-cell-id='cell'] .undo-save"));
        assertTrue(undo.isDisplayed(), "Undo on the saved notice");
        assertEquals(0, Browsers.sidewaysScroll(browser), "the notebook fits " + width + " px");
        undo.click();
        waiting().until(d -> read(file).equals(UNDO));
        WebElement mark = browser.findElement(By.cssSelector("[data-cell-id='cell'] .cell-dirty"));
        waiting().until(d -> mark.getText().equals("save undone"));
        assertEquals("echo first", editorText(), "the editor shows the file as it is again");

        // Ctrl-Z in the editor is the editor's own: the file stays as saved
        typeAndSave(" third", file, UNDO.replace("echo first", "echo first third"));
        new Actions(browser)
                .click(browser.findElement(By.cssSelector("[data-cell-id='cell'] .CodeMirror")))
                .keyDown(Keys.CONTROL)
                .sendKeys("z")
                .keyUp(Keys.CONTROL)
                .perform();
        waiting().until(d -> mark.getText().equals("unsaved"));
        Thread.sleep(1000); // what a save undone by that key would have needed to reach the disk
        assertEquals(UNDO.replace("echo first", "echo first third"), read(file));
        new Actions(browser)
                .keyDown(Keys.CONTROL)
                .sendKeys("y")
                .keyUp(Keys.CONTROL)
                .perform(); // the editor's redo
        waiting().until(d -> !mark.isDisplayed());

        // outside an editor, Ctrl-Z undoes the page's newest save
        ctrlZOutsideEditors();
        waiting().until(d -> read(file).equals(UNDO));
        waiting().until(d -> "echo first".equals(editorText()));
    }

    @Test
    void saved_thenPageReloaded_stillUndone_unlessTheFileChangedElsewhere() throws Exception {
        Path file = tmp.resolve("runbooks").resolve("undo-reload.md");
        Files.writeString(file, UNDO);
        open("undo-reload.md");
        typeAndSave(" second", file, UNDO.replace("echo first", "echo first second"));

        // the same runbook reloaded in the same tab: the save is still offered for undo, and undone
        open("undo-reload.md");
        WebElement undo = browser.findElement(By.cssSelector("[data-cell-id='cell'] .undo-save"));
        waiting().until(d -> undo.isDisplayed());
        undo.click();
        // the file is back before the page has drawn the answer: typing now could go into the editor it replaces
        waiting()
                .until(d -> read(file).equals(UNDO)
                        && d.findElement(By.cssSelector("[data-cell-id='cell'] .cell-dirty"))
                                .getText()
                                .equals("save undone"));

        // a save, then the file changed elsewhere: after a reload this tab has nothing left to undo
        typeAndSave(" third", file, UNDO.replace("echo first", "echo first third"));
        String elsewhere = UNDO.replace("echo first", "echo changed elsewhere");
        Files.writeString(file, elsewhere);
        open("undo-reload.md");
        waiting().until(d -> "echo changed elsewhere".equals(shownCode()));
        assertFalse(
                browser.findElement(By.cssSelector("[data-cell-id='cell'] .undo-save"))
                        .isDisplayed(),
                "no Undo offered after the file changed elsewhere");
        ctrlZOutsideEditors();
        Thread.sleep(1000); // what an undo of the forgotten save would have needed to reach the disk
        assertEquals(elsewhere, read(file), "the change made elsewhere is kept");
    }

    @Test
    void undo_afterAnotherTabSaved_refusedWithTheChangedElsewhereBar() throws Exception {
        Path file = tmp.resolve("runbooks").resolve("undo-tabs.md");
        Files.writeString(file, UNDO);
        open("undo-tabs.md");
        typeAndSave(" mine", file, UNDO.replace("echo first", "echo first mine"));
        String mine = browser.getWindowHandle();
        String theirs = UNDO.replace("echo first", "echo first mine theirs");
        browser.switchTo().newWindow(WindowType.TAB);
        try {
            open("undo-tabs.md");
            typeAndSave(" theirs", file, theirs);
        } finally {
            browser.close();
            browser.switchTo().window(mine);
        }
        // the other tab's save is drawn here; the Undo of this tab's save is still offered, and refused
        waiting().until(d -> editorText().equals("echo first mine theirs"));
        browser.findElement(By.cssSelector("[data-cell-id='cell'] .undo-save")).click();
        waiting().until(d -> d.findElement(By.id("conflict")).isDisplayed());
        Thread.sleep(1000); // what an undo that overwrote their save would have needed to reach the disk
        assertEquals(theirs, read(file), "the other tab's save is kept");
    }

    /**
     * Whether leaving the page now would ask: a {@code beforeunload} the page cancels is what makes the browser ask
     * (headless Chromium shows no dialog for a synthetic one, so the cancel itself is read).
     */
    private Object leavingAsks() {
        return ((JavascriptExecutor) browser)
                .executeScript("const e = new Event('beforeunload', { cancelable: true });"
                        + " window.dispatchEvent(e); return e.defaultPrevented;");
    }
}

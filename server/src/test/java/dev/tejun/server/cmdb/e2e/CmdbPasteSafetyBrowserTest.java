package dev.tejun.server.cmdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.GridCells;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A paste in the CMDB grid changes only what the user meant (issue 17 §1): a private key pasted into one SECRET
 * cell stays in that row, a paste over several rows asks first, and a change can be undone through the journal.
 */
@Tag("e2e")
class CmdbPasteSafetyBrowserTest {

    static final String KEY = """
            -----BEGIN OPENSSH PRIVATE KEY-----
            b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
            QyNTUxOQAAACBrZXktZm9yLXRoZS10ZXN0LW9ubHktbm90LXJlYWwtYXQtYWxsAAAAA
            -----END OPENSSH PRIVATE KEY-----
            """;

    @TempDir
    static Path tmp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    static List<Row> rows;

    @BeforeAll
    static void start() throws Exception {
        t.cmdb.putSheet(
                SheetDef.data(
                        "keys",
                        "Deploy keys",
                        ColumnDef.of("name", ColumnType.STRING),
                        ColumnDef.of("key", ColumnType.SECRET)),
                Actor.SYSTEM);
        rows = List.of(
                t.cmdb.register("keys", RowDraft.data(Map.of("name", "a", "key", "old-a")), Actor.SYSTEM),
                t.cmdb.register("keys", RowDraft.data(Map.of("name", "b", "key", "old-b")), Actor.SYSTEM),
                t.cmdb.register("keys", RowDraft.data(Map.of("name", "c", "key", "old-c")), Actor.SYSTEM));
        t.userWith("editor", Role.VIEWER, Role.EDITOR);
        browser = Browsers.signedIn(t, tmp, "/cmdb.html?sheet=keys", "editor");
    }

    private WebDriverWait waiting() {
        return Browsers.redrawing(browser);
    }

    private WebElement row(long id) {
        return browser.findElement(By.cssSelector("#grid tbody tr[data-row-id='" + id + "']"));
    }

    private WebElement cell(long id, String key) {
        return row(id).findElement(By.cssSelector(".cell-input[data-key='" + key + "']"));
    }

    private void open() {
        browser.get(t.server.baseUrl() + "/cmdb.html?sheet=keys");
        waiting()
                .until(d -> d.findElements(By.cssSelector("#grid[data-sheet='keys'] tbody tr"))
                                .size()
                        == 3);
    }

    private void paste(WebElement target, String text) {
        ((JavascriptExecutor) browser).executeScript("""
                const dt = new DataTransfer();
                dt.setData('text/plain', arguments[1]);
                setTimeout(() => arguments[0].dispatchEvent(
                    new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true})));
                """, target, text);
    }

    private long version(Row r) {
        return t.cmdb.get("keys", r.id()).orElseThrow().version();
    }

    @Test
    void privateKey_pastedIntoOneSecretCell_changesExactlyThatRow_andUndoPutsItBack() throws Exception {
        open();
        Row first = rows.getFirst();
        long[] before = rows.stream().mapToLong(this::version).toArray();
        WebElement key = cell(first.id(), "key");
        key.click();
        paste(key, KEY);
        waiting()
                .until(d -> String.valueOf(before[0] + 1).equals(row(first.id()).getAttribute("data-version")));
        assertEquals(
                KEY, t.cmdb.revealSecret("keys", first.id(), "key", null).orElseThrow(), "the whole key, one cell");
        for (int i = 1; i < rows.size(); i++) {
            assertEquals(before[i], version(rows.get(i)), "row " + rows.get(i).id() + " untouched");
        }
        assertEquals(
                "old-b",
                t.cmdb.revealSecret("keys", rows.get(1).id(), "key", null).orElseThrow());

        browser.findElement(By.cssSelector(".undo-bar button.undo")).click();
        waiting()
                .withMessage(() -> "the page says: "
                        + browser.findElement(By.id("message")).getText())
                .until(d -> String.valueOf(before[0] + 2).equals(row(first.id()).getAttribute("data-version")));
        assertEquals(
                "old-a", t.cmdb.revealSecret("keys", first.id(), "key", null).orElseThrow(), "undone via the journal");
        assertEquals(
                before[0] + 2,
                t.cmdb.history("keys", first.id()).getLast().after().version());
    }

    @Test
    void pasteOverRows_asksWithTheRange_andCancelChangesNothing() {
        open();
        long[] before = rows.stream().mapToLong(this::version).toArray();
        paste(GridCells.field(row(rows.getFirst().id()), "name"), "x\ny\nz\n");
        var confirm = waiting().until(d -> d.switchTo().alert());
        assertEquals(
                "Paste 3 × 1 into rows " + rows.getFirst().id() + "–"
                        + rows.getLast().id() + "?",
                confirm.getText());
        confirm.dismiss();
        assertEquals("a", GridCells.shown(cell(rows.getFirst().id(), "name")));
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(before[i], version(rows.get(i)));
        }
    }
}

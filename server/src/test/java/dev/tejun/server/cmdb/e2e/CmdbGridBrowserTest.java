package dev.tejun.server.cmdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.server.auth.Role;
import dev.tejun.server.cmdb.CmdbSamples;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The CMDB grid in a real headless Chromium against the real server (see NotebookBrowserTest for the setup). */
@Tag("e2e")
class CmdbGridBrowserTest {

    @TempDir
    static Path tmp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    static Row web1;
    static final String XSS = "<img src=x onerror=document.title='pwned'>";

    @BeforeAll
    static void start() throws Exception {
        web1 = CmdbSamples.fill(t.cmdb);
        t.cmdb.register("hosts", RowDraft.host("evil", Map.of("address", "10.0.0.9", "user", XSS)), Actor.SYSTEM);
        browser = Browsers.chromium(tmp.resolve("chrome-profile"));
        t.userWith("editor", Role.VIEWER, Role.EDITOR);
        signIn();
    }

    /** Through the real sign-in page, as an editor: the grid's page leads there and back. */
    static void signIn() {
        Browsers.signIn(browser, t.server.baseUrl(), "/cmdb.html?sheet=web", "editor", TestServer.password("editor"));
    }

    private WebDriverWait waiting() {
        // Saving redraws the row, so an element found a moment ago may be gone: look again.
        return Browsers.redrawing(browser);
    }

    private WebElement row(long id) {
        return browser.findElement(By.cssSelector("#grid tbody tr[data-row-id='" + id + "']"));
    }

    private WebElement cell(long id, String key) {
        return GridCells.cell(row(id), key);
    }

    private WebElement field(long id, String key) {
        return GridCells.field(row(id), key);
    }

    private String shown(long id, String key) {
        return GridCells.shown(cell(id, key));
    }

    private void open(String sheet) {
        browser.get(t.server.baseUrl() + "/cmdb.html?sheet=" + sheet);
        waiting()
                .until(d -> !d.findElements(By.cssSelector("#grid[data-sheet='" + sheet + "'] tbody tr"))
                        .isEmpty());
    }

    @Test
    void editCell_savesAndShowsInHistory() {
        open("web");
        assertEquals("8080", shown(web1.id(), "port"));
        assertEquals("div", cell(web1.id(), "port").getTagName(), "text, not a field, until edited");
        WebElement port = field(web1.id(), "port");
        assertEquals(port, browser.switchTo().activeElement(), "the field has the focus");
        port.sendKeys(Keys.chord(Keys.CONTROL, "a"), "9090", Keys.ENTER);
        waiting().until(d -> "2".equals(row(web1.id()).getAttribute("data-version")));
        assertEquals(9090L, t.cmdb.get("web", web1.id()).orElseThrow().value("port"));
        row(web1.id()).findElement(By.className("history")).click();
        waiting()
                .until(d ->
                        d.findElements(By.cssSelector("#history-list .change")).size() == 2);
        WebElement latest = browser.findElement(By.cssSelector("#history-list .change"));
        assertEquals("UPDATE", latest.getAttribute("data-action"));
        assertTrue(latest.getText().contains("port=9090"), latest.getText());
        assertTrue(latest.getText().contains("editor via web"), latest.getText());
        assertFalse(browser.findElement(By.id("history")).getText().contains(CmdbSamples.SECRET));
    }

    @Test
    void pasteFromASpreadsheet_fillsCellsFromTheFocusedOne() {
        t.cmdb.putSheet(
                SheetDef.data(
                        "vlans",
                        "VLANs",
                        ColumnDef.of("vid", ColumnType.INTEGER),
                        ColumnDef.of("label", ColumnType.STRING)),
                Actor.SYSTEM);
        Row a = t.cmdb.register("vlans", RowDraft.data(Map.of("vid", 10, "label", "a")), Actor.SYSTEM);
        Row b = t.cmdb.register("vlans", RowDraft.data(Map.of("vid", 20, "label", "b")), Actor.SYSTEM);
        open("vlans");
        WebElement first = field(a.id(), "vid");
        // What a spreadsheet puts on the clipboard for a 2×2 block; a synthetic event, as headless has no clipboard.
        // Dispatched after the script returns: the grid asks before it spreads a paste over rows.
        ((JavascriptExecutor) browser).executeScript("""
                const dt = new DataTransfer();
                dt.setData('text/plain', arguments[1]);
                setTimeout(() => arguments[0].dispatchEvent(
                    new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true})));
                """, first, "11\tfront\r\n21\tback\r\n");
        var confirm = waiting().until(d -> d.switchTo().alert());
        assertEquals("Paste 2 × 2 into rows " + a.id() + "–" + b.id() + "?", confirm.getText());
        confirm.accept();
        waiting()
                .until(d -> "2".equals(row(a.id()).getAttribute("data-version"))
                        && "2".equals(row(b.id()).getAttribute("data-version")));
        assertEquals(
                Map.of("vid", 11L, "label", "front"),
                t.cmdb.get("vlans", a.id()).orElseThrow().values());
        assertEquals(
                Map.of("vid", 21L, "label", "back"),
                t.cmdb.get("vlans", b.id()).orElseThrow().values());
    }

    @Test
    void filterAndSort_narrowAndOrderTheRows() {
        open("hosts");
        List<String> hosts = hostsShown();
        assertEquals(List.of("web1", "web2", "evil"), hosts, "id order first");
        browser.findElement(By.cssSelector("#grid th[data-key='host'] button.sort"))
                .click();
        assertEquals(List.of("evil", "web1", "web2"), hostsShown());
        browser.findElement(By.cssSelector("#grid th[data-key='host'] button.sort"))
                .click();
        assertEquals(List.of("web2", "web1", "evil"), hostsShown());
        browser.findElement(By.cssSelector("#grid input.filter[data-key='groups']"))
                .sendKeys("prod");
        assertEquals(List.of("web2"), hostsShown());
    }

    private List<String> hostsShown() {
        return browser.findElements(By.cssSelector("#grid tbody .cell-input[data-key='host']")).stream()
                .map(GridCells::shown)
                .toList();
    }

    @Test
    void markupInAValue_staysText() {
        open("hosts");
        waiting()
                .until(d -> d.findElements(By.cssSelector("#grid .cell-input[data-key='user']")).stream()
                        .anyMatch(i -> XSS.equals(GridCells.shown(i))));
        assertFalse(browser.getTitle().contains("pwned"), "markup in a value must not run");
        assertTrue(browser.findElements(By.cssSelector("#grid img")).isEmpty());
    }

    @Test
    void badValue_isShownAtTheCell_andNothingSaved() {
        open("web");
        Row web2 = t.cmdb.list("web", dev.tejun.cmdb.model.RowQuery.active()).stream()
                .filter(r -> r.host().equals("web2"))
                .findFirst()
                .orElseThrow();
        Object before = t.cmdb.get("web", web2.id()).orElseThrow().value("port");
        WebElement port = field(web2.id(), "port");
        port.sendKeys(Keys.chord(Keys.CONTROL, "a"), "eighty", Keys.ENTER);
        waiting()
                .until(d -> !row(web2.id())
                        .findElements(By.cssSelector(".cell-error"))
                        .isEmpty());
        WebElement error = row(web2.id()).findElement(By.cssSelector("td[data-key='port'] .cell-error"));
        assertFalse(error.getText().isBlank());
        assertTrue(cell(web2.id(), "port").getAttribute("class").contains("invalid"));
        assertEquals(before, t.cmdb.get("web", web2.id()).orElseThrow().value("port"));
    }

    @Test
    void staleEdit_showsTheCurrentValueAndAMessage() {
        open("web");
        Row web2 = t.cmdb.list("web", dev.tejun.cmdb.model.RowQuery.active()).stream()
                .filter(r -> r.host().equals("web2"))
                .findFirst()
                .orElseThrow();
        // Someone else saves first; the page still holds the version it loaded.
        t.cmdb.update(
                "web",
                web2.id(),
                web2.version(),
                RowDraft.host("web2", Map.of("port", 7000, "env", "prod")),
                Actor.SYSTEM);
        field(web2.id(), "env").sendKeys(Keys.chord(Keys.CONTROL, "a"), "staging", Keys.ENTER);
        waiting()
                .until(d -> !row(web2.id())
                        .findElements(By.cssSelector(".stale-note"))
                        .isEmpty());
        assertEquals("7000", shown(web2.id(), "port"));
        assertEquals("prod", shown(web2.id(), "env"));
        assertEquals("error", browser.findElement(By.id("message")).getAttribute("data-kind"));
    }

    @Test
    void textCell_isTextUntilFocused_thenATextareaThatSavesLines() {
        t.cmdb.putSheet(
                SheetDef.data(
                        "notes",
                        "Notes",
                        ColumnDef.of("name", ColumnType.STRING),
                        ColumnDef.of("note", ColumnType.TEXT)),
                Actor.SYSTEM);
        Row row = t.cmdb.register("notes", RowDraft.data(Map.of("name", "a", "note", "first")), Actor.SYSTEM);
        open("notes");
        WebElement shown = row(row.id()).findElement(By.cssSelector(".cell-input[data-key='note']"));
        assertEquals("div", shown.getTagName(), "text, not a textarea, until edited");
        assertEquals("first", shown.getText());
        assertTrue(row(row.id()).findElements(By.tagName("textarea")).isEmpty());

        shown.click();
        WebElement area = row(row.id()).findElement(By.cssSelector("textarea.cell-input[data-key='note']"));
        assertEquals(area, browser.switchTo().activeElement(), "the textarea has the focus");
        assertEquals("first", area.getDomProperty("value"));
        area.sendKeys(Keys.END, Keys.ENTER, "second", Keys.chord(Keys.CONTROL, Keys.ENTER));
        waiting()
                .until(d ->
                        String.valueOf(row.version() + 1).equals(row(row.id()).getAttribute("data-version")));
        assertEquals(
                "first\nsecond", t.cmdb.get("notes", row.id()).orElseThrow().value("note"));
        assertEquals(
                "first second",
                row(row.id())
                        .findElement(By.cssSelector(".cell-input[data-key='note']"))
                        .getText()
                        .replace('\n', ' '));
    }
}

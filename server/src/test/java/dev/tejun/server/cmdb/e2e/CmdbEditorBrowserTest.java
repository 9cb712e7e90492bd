package dev.tejun.server.cmdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.server.auth.Role;
import dev.tejun.server.cmdb.CmdbSamples;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.GridCells;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The sheet-definition editor and the diff view in a real headless Chromium against the real server. */
@Tag("e2e")
class CmdbEditorBrowserTest {

    @TempDir
    static Path tmp;

    @Served
    static TestServer t;

    @AutoClose("quit")
    static WebDriver browser;

    static Row web1;

    @BeforeAll
    static void start() throws Exception {
        web1 = CmdbSamples.fill(t.cmdb);
        t.userWith("editor", Role.VIEWER, Role.EDITOR);
        browser = Browsers.signedIn(t, tmp, "/cmdb.html?sheet=web", "editor");
    }

    private WebDriverWait waiting() {
        return Browsers.redrawing(browser);
    }

    private WebElement field(String path) {
        return browser.findElement(By.cssSelector("#sheet-form [data-field='" + path + "']"));
    }

    private void type(String path, String text) {
        WebElement input = field(path);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
    }

    private void addColumn(int index, String name, ColumnType type) {
        browser.findElement(By.id("add-column")).click();
        type("columns[" + index + "].name", name);
        new Select(field("columns[" + index + "].type")).selectByValue(type.name());
    }

    @Test
    void editor_createsATypedSheet_theGridTakesARow_andABadSettingIsShownAtItsField() {
        browser.get(t.server.baseUrl() + "/cmdb-sheet.html");
        waiting().until(d -> "true".equals(d.findElement(By.id("sheet-form")).getAttribute("data-ready")));
        type("name", "racks");
        new Select(field("kind")).selectByValue("DATA");
        type("description", "Racks <b>in</b> the room");
        // The page starts with one empty column.
        type("columns[0].name", "label");
        type("columns[0].pattern", "[A-Z");
        field("columns[0].required").click();
        addColumn(1, "units", ColumnType.INTEGER);
        type("columns[1].min", "1");
        type("columns[1].max", "42");
        addColumn(2, "zone", ColumnType.ENUM);
        type("columns[2].enumValues", "north\nsouth");
        addColumn(3, "mgmt", ColumnType.IP);

        browser.findElement(By.id("save-sheet")).click();
        WebElement error = waiting()
                .until(d -> d.findElements(By.cssSelector(".column-card .field-error")).stream()
                        .findFirst()
                        .orElse(null));
        assertTrue(error.getText().contains("bad pattern"), error.getText());
        assertTrue(field("columns[0].pattern").getAttribute("class").contains("invalid"), "marked at the regex");
        assertEquals(
                "columns[0]", error.findElement(By.xpath("ancestor::li[1]")).getAttribute("data-field"));
        assertTrue(t.cmdb.sheet("racks").isEmpty(), "nothing created");

        type("columns[0].pattern", "[A-Z][0-9]+");
        type("columns[1].max", "0");
        browser.findElement(By.id("save-sheet")).click();
        waiting().until(d -> field("columns[1].max").getAttribute("class").contains("invalid"));
        assertEquals(1, browser.findElements(By.cssSelector(".field-error")).size(), "the old error is gone");
        assertTrue(t.cmdb.sheet("racks").isEmpty(), "nothing created");

        type("columns[1].max", "42");
        browser.findElement(By.id("save-sheet")).click();
        waiting().until(d -> d.findElement(By.id("editor-message")).getText().contains("Saved sheet racks"));
        SheetDef racks = t.cmdb.sheet("racks").orElseThrow();
        assertEquals(
                List.of("label", "units", "zone", "mgmt"),
                racks.columns().stream().map(ColumnDef::name).toList());
        assertEquals("[A-Z][0-9]+", racks.columns().get(0).pattern());
        assertTrue(racks.columns().get(0).required());
        assertEquals(new BigDecimal("42"), racks.columns().get(1).max());
        assertEquals(List.of("north", "south"), racks.columns().get(2).enumValues());
        assertEquals(ColumnType.IP, racks.columns().get(3).type());
        assertEquals("Racks <b>in</b> the room", racks.description());

        browser.findElement(By.id("open-grid")).click();
        waiting()
                .until(d -> !d.findElements(By.cssSelector("#grid[data-sheet='racks'] tfoot tr.new-row"))
                        .isEmpty());
        assertTrue(browser.findElement(By.id("sheet-description")).getText().contains("<b>in</b>"), "shown as text");
        WebElement newRow = browser.findElement(By.cssSelector("#grid tfoot tr.new-row"));
        newRow.findElement(By.cssSelector("input[data-key='label']")).sendKeys("R12");
        newRow.findElement(By.cssSelector("input[data-key='units']")).sendKeys("40");
        newRow.findElement(By.cssSelector("input[data-key='zone']")).sendKeys("north");
        newRow.findElement(By.cssSelector("input[data-key='mgmt']")).sendKeys("10.1.2.3");
        newRow.findElement(By.className("add-row")).click();
        waiting().until(d -> !t.cmdb.list("racks", RowQuery.active()).isEmpty());
        Row row = t.cmdb.list("racks", RowQuery.active()).getFirst();
        assertEquals("R12", row.value("label"));
        assertEquals(40L, row.value("units"));
    }

    @Test
    void editor_showsTheHostsSheetsBuiltInColumnsReadOnly() {
        browser.get(t.server.baseUrl() + "/cmdb-sheet.html?sheet=hosts");
        waiting().until(d -> "true".equals(d.findElement(By.id("sheet-form")).getAttribute("data-ready")));
        assertFalse(field("name").isEnabled());
        assertFalse(field("kind").isEnabled());
        assertFalse(field("columns[0].type").isEnabled(), "address is built in");
        assertFalse(field("columns[1].max").isEnabled(), "ssh_port is built in");
        assertTrue(browser.findElement(By.id("add-column")).isEnabled(), "columns of one's own may be added");
    }

    @Test
    void diffView_showsTheEditOfARow_beforeAndAfter_withSecretsMasked() {
        Instant before = Instant.now();
        browser.get(t.server.baseUrl() + "/cmdb.html?sheet=web");
        By row = By.cssSelector("#grid tbody tr[data-row-id='" + web1.id() + "']");
        waiting().until(d -> !d.findElements(row).isEmpty());
        GridCells.field(browser.findElement(row), "port").sendKeys(Keys.chord(Keys.CONTROL, "a"), "8443", Keys.ENTER);
        waiting()
                .until(d -> Long.valueOf(8443)
                        .equals(t.cmdb.get("web", web1.id()).orElseThrow().value("port")));

        browser.get(t.server.baseUrl() + "/cmdb-diff.html?sheet=web&from=" + before);
        By changed = By.cssSelector("#diff[data-sheet='web'] tbody tr[data-row-id='" + web1.id() + "']");
        WebElement tr = waiting()
                .until(d -> d.findElements(changed).stream().findFirst().orElse(null));
        assertEquals("CHANGED", tr.getAttribute("data-kind"));
        assertEquals(1, browser.findElements(By.cssSelector("#diff tbody tr")).size(), "only the edited row");
        WebElement portChange = tr.findElement(By.cssSelector("li[data-column='port']"));
        assertEquals(
                "8080", portChange.findElement(By.cssSelector("code.before")).getText());
        assertEquals(
                "8443", portChange.findElement(By.cssSelector("code.after")).getText());
        assertTrue(tr.getText().contains("web1"), tr.getText());
        assertFalse(browser.findElement(By.tagName("body")).getText().contains(CmdbSamples.SECRET));

        // From a time before any row: every row of the sheet was registered, its secret shown masked.
        browser.get(t.server.baseUrl() + "/cmdb-diff.html?sheet=web&from=2000-01-01T00:00:00Z");
        waiting()
                .until(d -> d.findElements(By.cssSelector("#diff tbody tr[data-kind='ADDED']"))
                                .size()
                        == 2);
        String page = browser.findElement(By.tagName("body")).getText();
        assertTrue(page.contains("registered"), page);
        assertTrue(page.contains("admin_password: ****"), page);
        assertFalse(page.contains(CmdbSamples.SECRET));
    }
}

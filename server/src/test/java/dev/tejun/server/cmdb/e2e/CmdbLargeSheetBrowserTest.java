package dev.tejun.server.cmdb.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowOp;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Browsers;
import dev.tejun.server.fixtures.GridCells;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A sheet far larger than the screen in the CMDB grid, in real headless Chromium: the rows come in pages and only
 * those in view are elements, yet every row can be reached by scrolling, filtered and edited (issue 17 §5).
 */
@Tag("e2e")
class CmdbLargeSheetBrowserTest {

    static final int ROWS = 3_000;

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
                        "ports",
                        "Many rows",
                        ColumnDef.of("name", ColumnType.STRING),
                        ColumnDef.of("port", ColumnType.INTEGER)),
                Actor.SYSTEM);
        List<RowOp> ops = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            ops.add(new RowOp.Register("ports", null, RowDraft.data(Map.of("name", "svc-" + i, "port", 1000 + i))));
        }
        t.cmdb.apply(ops, Actor.SYSTEM);
        rows = t.cmdb.list("ports", RowQuery.active());
        browser = Browsers.chromium(tmp.resolve("chrome-profile"));
        t.userWith("editor", Role.VIEWER, Role.EDITOR);
        Browsers.signIn(browser, t.server.baseUrl(), "/cmdb.html?sheet=ports", "editor", TestServer.password("editor"));
    }

    private WebDriverWait waiting() {
        return Browsers.redrawing(browser);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private void open() {
        browser.get(t.server.baseUrl() + "/cmdb.html?sheet=ports");
        waiting()
                .until(d -> "true".equals(d.findElement(By.id("grid")).getAttribute("data-loaded"))
                        && "ports".equals(d.findElement(By.id("grid")).getAttribute("data-sheet")));
    }

    private int drawnRows() {
        return browser.findElements(By.cssSelector("#grid tbody tr[data-row-id]"))
                .size();
    }

    @Test
    void largeSheet_drawsOnlyTheRowsInView_andReadsEveryPage() {
        open();
        assertEquals(String.valueOf(ROWS), browser.findElement(By.id("grid")).getAttribute("data-rows"));
        int drawn = drawnRows();
        assertTrue(drawn > 0 && drawn < 200, "rows drawn: " + drawn);
        long height = ((Number) js("return document.querySelector('.cmdb-grid-wrap').scrollHeight")).longValue();
        assertTrue(height > ROWS * 15L, "the scroll range covers every row: " + height);
    }

    @Test
    void scrollToTheEnd_showsTheLastRow_andAnEditThereIsSaved() {
        open();
        Row last = rows.get(rows.size() - 1);
        js("const w = document.querySelector('.cmdb-grid-wrap'); w.scrollTop = w.scrollHeight;");
        String cell = "#grid tbody tr[data-row-id='" + last.id() + "'] .cell-input[data-key='port']";
        waiting().until(d -> !d.findElements(By.cssSelector(cell)).isEmpty());
        assertTrue(drawnRows() < 200, "still only the rows in view: " + drawnRows());
        assertTrue(
                browser.findElements(By.cssSelector(
                                "#grid tbody tr[data-row-id='" + rows.get(0).id() + "']"))
                        .isEmpty(),
                "the first row left the page");
        GridCells.field(browser.findElement(By.cssSelector("#grid tbody tr[data-row-id='" + last.id() + "']")), "port")
                .sendKeys(Keys.chord(Keys.CONTROL, "a"), "65000", Keys.ENTER);
        waiting()
                .until(d -> Long.valueOf(65000L)
                        .equals(t.cmdb.get("ports", last.id()).orElseThrow().value("port")));
    }

    @Test
    void filter_findsARowFromALaterPage() {
        open();
        String name = "svc-" + (ROWS - 7);
        browser.findElement(By.cssSelector("#grid input.filter[data-key='name']"))
                .sendKeys(name);
        waiting().until(d -> "1".equals(d.findElement(By.id("grid")).getAttribute("data-rows")));
        assertEquals(
                name, GridCells.shown(browser.findElement(By.cssSelector("#grid tbody .cell-input[data-key='name']"))));
    }
}

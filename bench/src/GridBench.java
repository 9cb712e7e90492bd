import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowOp;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.server.fixtures.SignedInNotebook;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The CMDB grid figure of issue 17, in the browser UiBench drives: a sheet of 100,000 rows (5 columns) opened until
 * its first rows are drawn (target 300 ms from the navigation's start), then scrolled through — frame by frame and by
 * jumps — with every frame's length taken from requestAnimationFrame (target: no frame over 50 ms).
 */
final class GridBench {

    static final int ROWS = 100_000;

    /** Recorded in the page from its very start: when the grid shows its first rows, and when every page is read. */
    static final String FIRST_ROWS_PROBE = """
            (function watch() {
              if (!location.pathname.endsWith('/cmdb.html')) return;
              (function poll() {
                const g = document.getElementById('grid');
                if (g && g.querySelector('tbody tr[data-row-id]') && !window.__firstRowsAt)
                  window.__firstRowsAt = performance.now();
                if (g && g.dataset.loaded === 'true') window.__allRowsAt = performance.now();
                else requestAnimationFrame(poll);
              })();
            })();
            """;

    /**
     * Every long animation frame of the grid page (Chromium's long-animation-frame entries: over 50 ms), with what
     * ran in it: start and length, when rendering and style/layout began, and each script's source and time.
     */
    static final String LONG_FRAMES_PROBE = """
            (function () { if (!location.pathname.endsWith('/cmdb.html')) return;
              window.__long = [];
              try {
                new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push({
                  start: Math.round(e.startTime), dur: Math.round(e.duration),
                  render: Math.round(e.renderStart - e.startTime), layout: Math.round(e.styleAndLayoutStart - e.startTime),
                  block: Math.round(e.blockingDuration),
                  scripts: e.scripts.map((s) => [s.invoker, s.sourceFunctionName, (s.sourceURL || '').split('/').pop(),
                    Math.round(s.duration), Math.round(s.forcedStyleAndLayoutDuration)]) }); })
                  .observe({ type: 'long-animation-frame', buffered: true });
              } catch (e) { /* a browser without the entry type: none listed */ }
            })();
            """;

    /** Steps of plain scrolling before the far jumps, in {@link #SCROLL}. */
    static final int SCROLL_STEPS = 300;

    /**
     * Scrolls the grid: 300 frames of 400 px each, then 40 jumps to far places; answers every frame's length (ms),
     * the rows drawn at the end, and the long animation frames seen while scrolling (with {@link #LONG_FRAMES_PROBE}).
     */
    static final String SCROLL = """
            const done = arguments[arguments.length - 1];
            const w = document.querySelector('.cmdb-grid-wrap');
            const frame = () => new Promise((r) => requestAnimationFrame(r));
            (async () => {
              const frames = [];
              let last = await frame();
              const step = async (top) => {
                w.scrollTop = top;
                const now = await frame();
                frames.push(now - last);
                last = now;
              };
              w.scrollTop = 0;
              last = await frame();
              const longBefore = (window.__long || []).length;
              for (let i = 1; i <= 300; i++) await step(i * 400); // SCROLL_STEPS
              let seed = 7;
              for (let i = 0; i < 40; i++) {
                seed = (seed * 48271) % 2147483647;
                await step((seed / 2147483647) * w.scrollHeight);
              }
              await frame(); // a frame's long-animation-frame entry comes after it
              done({ frames, drawn: document.querySelectorAll('#grid tbody tr[data-row-id]').length,
                long: JSON.stringify((window.__long || []).slice(longBefore)) });
            })();
            """;

    /**
     * {@code slow}: each frame over 50 ms as "run R step I (scroll|jump) N ms", then the run's long animation frames
     * (JSON) when it had any.
     */
    record Figures(List<Double> firstRows, List<Double> allRows, List<Double> frames, int drawn, List<String> slow) {}

    static void fill(Path dataDir) {
        CmdbStore cmdb = new CmdbStore(Database.open(dataDir.resolve("tejun.db")), Clock.systemUTC());
        // a data sheet: a HOST sheet's rows must name hosts of the hosts sheet
        cmdb.putSheet(SheetDef.data("big", "100,000 rows",
                ColumnDef.of("name", ColumnType.STRING), ColumnDef.of("address", ColumnType.STRING), ColumnDef.of("port", ColumnType.INTEGER),
                ColumnDef.of("role", ColumnType.STRING), ColumnDef.of("note", ColumnType.TEXT)), Actor.SYSTEM);
        List<RowOp> ops = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            ops.add(new RowOp.Register("big", null, RowDraft.data(Map.of("name", String.format("host-%06d", i),
                    "address", "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), "port", 8000 + i % 1000,
                    "role", i % 3 == 0 ? "web" : "db", "note", "row " + i))));
            if (ops.size() == 5000) {
                cmdb.apply(ops, Actor.SYSTEM);
                ops.clear();
            }
        }
    }

    static Figures measure(SignedInNotebook nb, int runs) {
        var browser = nb.browser();
        JavascriptExecutor js = (JavascriptExecutor) browser;
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(300));
        List<Double> first = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        List<Double> frames = new ArrayList<>();
        int drawn = -1;
        List<String> slow = new ArrayList<>();
        for (int r = 0; r <= runs; r++) { // run 0 warms up
            browser.get(nb.server().baseUrl() + "/cmdb.html?sheet=big");
            wait.until(d -> js.executeScript("return window.__allRowsAt") != null);
            double f = ((Number) js.executeScript("return window.__firstRowsAt")).doubleValue();
            double a = ((Number) js.executeScript("return window.__allRowsAt")).doubleValue();
            @SuppressWarnings("unchecked")
            Map<String, Object> scrolled = (Map<String, Object>) js.executeAsyncScript(SCROLL);
            if (r > 0) {
                first.add(f);
                all.add(a);
                List<?> ts = (List<?>) scrolled.get("frames");
                for (int i = 0; i < ts.size(); i++) {
                    double t = ((Number) ts.get(i)).doubleValue();
                    frames.add(t);
                    if (t > 50) {
                        slow.add(String.format(
                                "run %d step %d (%s) %.1f ms", r, i, i < SCROLL_STEPS ? "scroll" : "jump", t));
                    }
                }
                String longFrames = String.valueOf(scrolled.get("long"));
                if (!longFrames.equals("[]") && !longFrames.equals("null")) {
                    slow.add("run " + r + " long animation frames: " + longFrames);
                }
            }
            drawn = ((Number) scrolled.get("drawn")).intValue();
        }
        return new Figures(first, all, frames, drawn, slow);
    }

    private GridBench() {}
}

import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.SignedInNotebook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser figures of issue 17, measured in real headless Chromium against a real server on loopback:
 * <ul>
 *   <li>a notebook of 500 cells is interactive (every cell drawn, the session socket open, Run all enabled) within
 *       500 ms of the navigation's start, as performance.now() in the page counts it;
 *   <li>the runbook list of 5,000 runbooks answers each keystroke of its filter within 100 ms (from the input event
 *       to the frame after it, so layout and paint are in);
 *   <li>the CMDB grid of 100,000 rows shows its first rows within 300 ms and scrolls with no frame over 50 ms
 *       ({@link GridBench}).
 * </ul>
 * Adds its table to bench/RESULTS-ui.md as a dated section above the earlier ones, which it keeps. Usage:
 * java -cp CP bench/src/UiBench.java ROOT [runs] [parts], parts a comma list of notebook, list, grid, typing (all
 * when left out): the figures of the parts left out say "not measured".
 */
public class UiBench {

    static final int CELLS = 500;
    static final int RUNBOOKS = 5000;
    static final String TYPED = "patch web 4711";

    /** Recorded in the page from its very start: the moment the notebook is interactive. */
    static final String INTERACTIVE_PROBE = """
            (function watch() {
              if (!location.pathname.endsWith('/notebook.html')) return;
              const ready = () => document.querySelectorAll('[data-cell-id]').length >= %d
                && document.getElementById('connection')?.dataset.state === 'open'
                && document.getElementById('run-all')?.disabled === false;
              (function poll() {
                if (ready()) window.__interactiveAt = performance.now(); else requestAnimationFrame(poll);
              })();
            })();
            """.formatted(CELLS / 2);

    /** Types TYPED into the filter one key at a time; answers each key's time to the frame after it (ms). */
    static final String TYPE_KEYS = """
            const done = arguments[arguments.length - 1];
            const input = document.getElementById('runbook-filter');
            const text = arguments[0];
            const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
            (async () => {
              const times = [];
              input.value = '';
              input.dispatchEvent(new Event('input'));
              await frame();
              for (const ch of text) {
                const t0 = performance.now();
                input.value += ch;
                input.dispatchEvent(new Event('input'));
                await frame();
                times.push(performance.now() - t0);
              }
              done({ times, shown: document.querySelectorAll('#runbooks li.runbook:not([hidden])').length });
            })();
            """;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> parts = List.of((args.length > 2 ? args[2] : "notebook,list,grid,typing").split(","));
        Path tmp = Files.createTempDirectory("tejun-ui-bench");
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        StringBuilder big = new StringBuilder("# Five hundred cells\n\n");
        for (int i = 0; i < CELLS / 2; i++) {
            big.append("Step ").append(i).append(": check the disk of the host.\n\n```sh {#c").append(i)
                    .append("}\ndf -h / | tail -1\n```\n\n");
        }
        Files.writeString(runbooks.resolve("big.md"), big);
        TypingBench.write(runbooks);
        Path many = Files.createDirectories(runbooks.resolve("many"));
        String[] words = {"patch", "restart", "backup", "rotate", "deploy", "check"};
        for (int i = 0; i < RUNBOOKS; i++) {
            Files.writeString(many.resolve("rb-" + i + ".md"), "---\ntitle: " + words[i % words.length]
                    + " web " + i + "\n---\n# Runbook " + i + "\n");
        }
        List<Double> loads = new ArrayList<>();
        List<Double> interactive = new ArrayList<>();
        List<Double> keys = new ArrayList<>();
        List<Double> listLoad = new ArrayList<>();
        int shown = -1;
        GridBench.Figures grid = new GridBench.Figures(List.of(), List.of(), List.of(), -1, List.of());
        List<Double> delays = new ArrayList<>();
        List<Double> longestDelay = List.of();
        int[] typedKeys = {0};
        try (SignedInNotebook nb = SignedInNotebook.start(tmp, runbooks, "bench",
                EnumSet.of(Role.VIEWER, Role.OPERATOR, Role.EDITOR), "/index.html")) {
            var browser = nb.browser();
            JavascriptExecutor js = (JavascriptExecutor) browser;
            ((HasCdp) browser).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", INTERACTIVE_PROBE));
            ((HasCdp) browser).executeCdpCommand(
                    "Page.addScriptToEvaluateOnNewDocument", Map.of("source", GridBench.FIRST_ROWS_PROBE));
            ((HasCdp) browser).executeCdpCommand(
                    "Page.addScriptToEvaluateOnNewDocument", Map.of("source", GridBench.LONG_FRAMES_PROBE));
            ((HasCdp) browser).executeCdpCommand(
                    "Page.addScriptToEvaluateOnNewDocument", Map.of("source", TypingBench.DELAY_PROBE));
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
            for (int r = 0; parts.contains("notebook") && r <= runs; r++) { // run 0 warms the server and caches up
                loads.add(load());
                browser.get(nb.server().baseUrl() + "/notebook.html?runbook=big.md");
                wait.until(d -> js.executeScript("return window.__interactiveAt") != null);
                double at = ((Number) js.executeScript("return window.__interactiveAt")).doubleValue();
                if (r > 0) {
                    interactive.add(at);
                }
            }
            for (int r = 0; parts.contains("list") && r <= runs; r++) {
                loads.add(load());
                browser.get(nb.server().baseUrl() + "/index.html");
                wait.until(d -> ((Number) js.executeScript(
                        "return document.querySelectorAll('#runbooks li.runbook').length")).intValue() >= RUNBOOKS);
                double listed = ((Number) js.executeScript("return performance.now()")).doubleValue();
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) js.executeAsyncScript(TYPE_KEYS, TYPED);
                if (r > 0) {
                    listLoad.add(listed);
                    for (Object t : (List<?>) typed.get("times")) {
                        keys.add(((Number) t).doubleValue());
                    }
                }
                shown = ((Number) typed.get("shown")).intValue();
            }
            if (parts.contains("grid")) {
                GridBench.fill(tmp.resolve("data"));
                loads.add(load());
                grid = GridBench.measure(nb, runs);
                loads.add(load());
            }
            if (parts.contains("typing")) {
                longestDelay = TypingBench.measure(nb, 3, delays, typedKeys);
                loads.add(load());
            }
        }
        Stats gf = Stats.of(grid.firstRows());
        Stats ga = Stats.of(grid.allRows());
        Stats gs = Stats.of(grid.frames());
        Stats td = Stats.of(longestDelay);
        Stats ni = Stats.of(interactive);
        Stats nk = Stats.of(keys);
        Stats nl = Stats.of(listLoad);
        String md = """
                ## `bench/ui` on %s (%s)

                In headless Chromium against a server on loopback.

                - machine: %d cores; 1-minute load average while measuring: %s (the machine is shared; a load above
                  the core count inflates every figure)
                - %d measured runs each, after one warm-up run; times from the page's own clock (performance.now)

                | figure | target | %s met |
                |---|---|---|---|---|---|---|---|
                | notebook of %d cells (%d code, %d prose) interactive: cells drawn, socket open, Run all enabled, from navigation start (ms) | <= 500 ms | %s | %s |
                | runbook list of %,d runbooks: filter keystroke to the next frame (ms; %d keys per run, "%s", %d shown at the end) | <= 100 ms | %s | %s |
                | runbook list of %,d runbooks with their run history: drawn, from navigation start (ms) | (no target) | %s | - |
                | CMDB grid of %,d rows: first rows drawn, from navigation start (ms) | <= 300 ms | %s | %s |
                | CMDB grid of %,d rows: every page read (%,d rows per page after the first 200), from navigation start (ms) | (no target) | %s | - |
                | CMDB grid of %,d rows: frame length while scrolling (ms; 300 frames of 400 px and 40 jumps per run, %d rows drawn at the end) | no frame > 50 ms | %s | %s |
                | typing into a cell while another floods its output for %d s: longest keystroke input delay per run (ms; 3 runs, %,d keys typed, %d keystrokes lasting 16 ms or more from input to paint, the only ones the Event Timing API reports) | <= 50 ms | %s | %s |

                "met" compares the p90 with the target (for the scroll frames, the longest frame).
                %s""".formatted(Instant.now(), String.join(", ", parts), Runtime.getRuntime().availableProcessors(),
                loads.stream().map(l -> String.format("%.1f", l)).toList(), runs,
                Stats.HEADER.substring(1, Stats.HEADER.length() - 1).trim() + " |",
                CELLS, CELLS / 2, CELLS / 2, cells(ni), met(ni, ni.p90() <= 500),
                RUNBOOKS, TYPED.length(), TYPED, shown, cells(nk), met(nk, nk.p90() <= 100),
                RUNBOOKS, cells(nl),
                GridBench.ROWS, cells(gf), met(gf, gf.p90() <= 300),
                GridBench.ROWS, 20_000, cells(ga),
                GridBench.ROWS, grid.drawn(), cells(gs), met(gs, gs.max() <= 50),
                TypingBench.FLOOD_SECONDS, typedKeys[0], delays.size(), cells(td), met(td, td.max() <= 50),
                grid.slow().isEmpty()
                        ? ""
                        : "\nGrid frames over 50 ms (step: of " + GridBench.SCROLL_STEPS + " scroll steps, then the"
                                + " jumps), and the long animation frames Chromium reported while scrolling:\n\n"
                                + grid.slow().stream().map(l -> "- " + l).collect(java.util.stream.Collectors.joining("\n"))
                                + "\n");
        Path results = root.resolve("bench/RESULTS-ui.md");
        String title = "# Browser (web UI) benchmark results\n\n";
        String earlier = Files.exists(results) ? Files.readString(results) : title;
        if (!earlier.startsWith(title)) {
            earlier = title + earlier;
        }
        // the newest table first, every earlier section kept below it
        Files.writeString(results, title + md + "\n" + earlier.substring(title.length()));
        System.out.print(md);
        // each load's figure, for pooling paired runs by hand
        System.out.println("samples: notebook " + interactive + "; grid first rows " + grid.firstRows());
    }

    /** A figure's cells, or dashes when its part was not measured this time. */
    static String cells(Stats s) {
        return s.n() == 0 ? "0 | - | - | - | not measured" : s.cells(1);
    }

    static String met(Stats s, boolean met) {
        return s.n() == 0 ? "-" : met ? "yes" : "no";
    }

    static double load() throws Exception {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }
}

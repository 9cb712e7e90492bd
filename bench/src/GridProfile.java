// Where the CMDB grid's scroll frames go (issue 17), for profiling by hand, not a figure: fills GridBench's sheet of
// 100,000 rows, then per load scrolls it as GridBench does and prints the longest frame, the frames over 34 ms (their
// index and length), every long animation frame (scripts, style and layout) and, after the warm-up, the CPU profile's
// self time by function ((program) is Chromium's own work: style, layout, paint). Usage (after bench/ui has built):
//   java -cp "$(ls server/target/tejun-server-*.jar | grep -v tests):server/target/test-classes:$(cat server/target/bench-classpath-test.txt)" \
//     bench/src/GridProfile.java [runs]
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.SignedInNotebook;
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.WebDriverWait;

public class GridProfile {
    public static void main(String[] a) throws Exception {
        Path tmp = Files.createTempDirectory("gridprof");
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        int runs = a.length > 0 ? Integer.parseInt(a[0]) : 3;
        try (SignedInNotebook nb = SignedInNotebook.start(tmp, runbooks, "bench", EnumSet.of(Role.VIEWER, Role.OPERATOR, Role.EDITOR), "/index.html")) {
            var b = nb.browser(); JavascriptExecutor js = (JavascriptExecutor) b; HasCdp cdp = (HasCdp) b;
            cdp.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", GridBench.FIRST_ROWS_PROBE));
            cdp.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", GridBench.LONG_FRAMES_PROBE));
            long t0 = System.nanoTime();
            GridBench.fill(tmp.resolve("data"));
            System.out.println("filled in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            WebDriverWait wait = new WebDriverWait(b, Duration.ofSeconds(300));
            for (int r = 0; r <= runs; r++) {
                b.get(nb.server().baseUrl() + "/cmdb.html?sheet=big");
                wait.until(d -> js.executeScript("return window.__allRowsAt") != null);
                js.executeScript("window.__long.length = 0");
                if (r > 0) { cdp.executeCdpCommand("Profiler.enable", Map.of()); cdp.executeCdpCommand("Profiler.setSamplingInterval", Map.of("interval", 200)); cdp.executeCdpCommand("Profiler.start", Map.of()); }
                @SuppressWarnings("unchecked")
                Map<String, Object> scrolled = (Map<String, Object>) js.executeAsyncScript(GridBench.SCROLL);
                List<Double> f = ((List<?>) scrolled.get("frames")).stream().map(x -> ((Number) x).doubleValue()).toList();
                List<Double> slow = new ArrayList<>();
                for (int i = 0; i < f.size(); i++) if (f.get(i) > 34) slow.add((double) i + f.get(i) / 1000);
                System.out.println("RUN " + r + " load " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0]
                        + " first " + js.executeScript("return Math.round(window.__firstRowsAt)") + " max " + f.stream().mapToDouble(x -> x).max().orElse(0)
                        + " slow(index.ms) " + slow);
                if (r > 0) {
                    Map<String, Object> res = cdp.executeCdpCommand("Profiler.stop", Map.of());
                    @SuppressWarnings("unchecked") Map<String, Object> prof = (Map<String, Object>) res.get("profile");
                    @SuppressWarnings("unchecked") List<Map<String, Object>> nodes = (List<Map<String, Object>>) prof.get("nodes");
                    @SuppressWarnings("unchecked") List<Number> samples = (List<Number>) prof.get("samples");
                    @SuppressWarnings("unchecked") List<Number> deltas = (List<Number>) prof.get("timeDeltas");
                    Map<Long, String> names = new HashMap<>();
                    for (var n : nodes) {
                        @SuppressWarnings("unchecked") Map<String, Object> cf = (Map<String, Object>) n.get("callFrame");
                        String url = String.valueOf(cf.get("url")); url = url.substring(url.lastIndexOf('/') + 1);
                        names.put(((Number) n.get("id")).longValue(), cf.get("functionName") + " " + url + ":" + cf.get("lineNumber"));
                    }
                    Map<String, Long> self = new HashMap<>();
                    for (int i = 0; i < samples.size(); i++) {
                        long dt = i + 1 < deltas.size() ? deltas.get(i + 1).longValue() : 0;
                        self.merge(names.get(samples.get(i).longValue()), dt, Long::sum);
                    }
                    self.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(25)
                        .forEach(e -> System.out.printf("   %8.1f ms  %s%n", e.getValue() / 1000.0, e.getKey()));
                }
                System.out.println("  LOAF " + js.executeScript("return JSON.stringify(window.__long)"));
            }
        }
    }
}

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 18's observability figures: the time of one /metrics scrape (target ≤ 5 ms) and what JSON log lines cost the
 * warm `sh` `true` round trip against plain text (target ≤ 2 %). Two servers started by the launcher, one with
 * TEJUN_LOG_FORMAT=json; their round trips are measured in alternating rounds so a change of the machine's load
 * falls on both alike. Writes bench/RESULTS-observe.md.
 *   java -cp … bench/src/ObserveBench.java REPO [WARMUP] [N] [ROUNDS]
 */
public class ObserveBench {
    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path work = Files.createTempDirectory("tejun-observe");
        Path runbooks = Files.createDirectories(work.resolve("runbooks"));
        Files.writeString(runbooks.resolve("p.md"), "# p\n\n```sh {#t}\ntrue\n```\n");
        double loadStart = load();
        List<Double> scrapes = new ArrayList<>();
        List<Double> text = new ArrayList<>();
        List<Double> json = new ArrayList<>();
        int metricsBytes;
        try (BenchServer plain = BenchServer.start(repo, runbooks, work.resolve("text"));
             BenchServer jsonLogs = BenchServer.start(repo, runbooks, work.resolve("json"),
                     Map.of("TEJUN_LOG_FORMAT", "json"));
             NotebookClient a = NotebookClient.connect(plain, "p.md");
             NotebookClient b = NotebookClient.connect(jsonLogs, "p.md")) {
            for (int i = 0; i < warmUp; i++) {
                a.runOnce("t");
                b.runOnce("t");
            }
            for (int r = 0; r < rounds; r++) {
                roundTrips(a, n, text);
                roundTrips(b, n, json);
            }
            HttpRequest metrics = HttpRequest.newBuilder(URI.create(plain.base() + "/metrics"))
                    .header("Cookie", plain.cookie()).build();
            metricsBytes = 0;
            for (int i = 0; i < warmUp + n; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> m = BenchServer.HTTP.send(metrics, HttpResponse.BodyHandlers.ofString());
                double ms = (System.nanoTime() - t0) / 1e6;
                if (m.statusCode() != 200) {
                    throw new IllegalStateException("/metrics answered " + m.statusCode());
                }
                metricsBytes = m.body().length();
                if (i >= warmUp) {
                    scrapes.add(ms);
                }
            }
        }
        double loadEnd = load();
        Stats st = Stats.of(text);
        Stats sj = Stats.of(json);
        String out = "# Observability figures (issue 18): /metrics scrape and JSON logging\n\n"
                + "`bench/observe " + warmUp + " " + n + " " + rounds + "`, " + java.time.LocalDate.now()
                + ". Load average " + String.format("%.1f → %.1f", loadStart, loadEnd)
                + " on 2 cores shared with other engineers' builds and tests: absolute times say little on such a"
                + " machine; the text/JSON pair ran in alternating rounds on the same load.\n\n"
                + "## `/metrics` scrape, one client, a signed-in cookie (target ≤ 5 ms)\n\n"
                + Stats.HEADER + "\n|---|---|---|---|---|\n| " + Stats.of(scrapes).cells(2) + " |\n\n"
                + "Body: " + metricsBytes + " characters.\n\n"
                + "## Warm `sh` `true` round trip, text log lines vs JSON log lines (target ≤ 2 %)\n\n"
                + "| log format | n | median | p90 | p99 | spread (min–max) |\n|---|---|---|---|---|---|\n"
                + "| text | " + st.cells(1) + " |\n| json | " + sj.cells(1) + " |\n\n"
                + "JSON against text: median " + String.format("%+.1f %%", (sj.p50() / st.p50() - 1) * 100)
                + ", p90 " + String.format("%+.1f %%", (sj.p90() / st.p90() - 1) * 100) + "\n";
        Files.writeString(repo.resolve("bench/RESULTS-observe.md"), out);
        System.out.print(out);
    }

    /**
     * n round trips into {@code times}. Under heavy load a cell's finished event can come before its session takes
     * the next run ("busy"): such a try is dropped and made again after a short pause, so it is not timed.
     */
    private static void roundTrips(NotebookClient c, int n, List<Double> times) throws Exception {
        int target = times.size() + n;
        while (times.size() < target) {
            long t0 = System.nanoTime();
            try {
                c.run("t", java.time.Duration.ofSeconds(5));
                times.add((System.nanoTime() - t0) / 1e6);
            } catch (Exception busy) {
                Thread.sleep(50);
            }
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}

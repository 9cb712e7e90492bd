import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mixed traffic for a long time against one server: each client has its own runbook (so its own session) and
 * runs a short sh cell again and again; every tenth run it also reads the run list. The server's RSS is sampled
 * every 10 s (and its native memory by category at 0, 1 and 2 minutes and at the end, when TEJUN_JAVA_OPTS has
 * -XX:NativeMemoryTracking=summary); what counts is its growth after the first minute, when start-up and the first
 * JIT work are done. Run by bench/soak (args: repo, minutes, clients); writes bench/RESULTS-soak.md.
 */
final class SoakBench {

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        Duration length = Duration.ofMinutes(Long.parseLong(args[1]));
        int clients = Integer.parseInt(args[2]);
        Path work = Files.createTempDirectory("tejun-soak");
        Path runbooks = Files.createDirectories(work.resolve("runbooks"));
        for (int i = 0; i < clients; i++) {
            Files.writeString(runbooks.resolve("soak-" + i + ".md"), """
                    # Soak %d

                    ```sh {#a}
                    for i in 1 2 3 4 5; do echo "line $i of client %d"; done
                    ```
                    """.formatted(i, i));
        }
        AtomicLong runs = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        try (BenchServer server = BenchServer.start(repo, runbooks, work.resolve("home"))) {
            long end = System.nanoTime() + length.toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int n = i;
                threads.add(Thread.ofVirtual().start(() -> client(server, n, end, runs, failures)));
            }
            long t0 = System.nanoTime();
            Double atOneMinute = null;
            // live heap after a full collection: tells a leak (it grows) from a heap the JVM merely enlarged
            double max = 0;
            boolean nmt = System.getenv().getOrDefault("TEJUN_JAVA_OPTS", "").contains("NativeMemoryTracking");
            StringBuilder samples = new StringBuilder("| minute | RSS (MB) | runs | load average |\n|---|---|---|---|\n");
            Map<String, Map<String, Long>> memory = new LinkedHashMap<>();
            if (nmt) {
                memory.put("0.2", nativeMemory(server)); // after start-up, before the clients have warmed anything
            }
            while (System.nanoTime() < end) {
                Thread.sleep(10_000);
                double rss = server.rssMb();
                double minutes = (System.nanoTime() - t0) / 60e9;
                if (minutes >= 1 && atOneMinute == null) {
                    atOneMinute = rss;
                    if (nmt) {
                        memory.put(String.format("%.1f", minutes), nativeMemory(server));
                    }
                }
                if (nmt && minutes >= 2 && memory.size() == 2) {
                    memory.put(String.format("%.1f", minutes), nativeMemory(server));
                }
                max = atOneMinute == null ? max : Math.max(max, rss);
                String load = Files.readString(Path.of("/proc/loadavg")).strip();
                System.out.printf("%5.1f min  RSS %7.1f MB  runs %d  failures %d  load %s%n", minutes, rss, runs.get(),
                        failures.get(), load);
                samples.append(String.format("| %.1f | %.1f | %d | %s |%n", minutes, rss, runs.get(), load));
            }
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(90));
            }
            if (nmt) {
                memory.put("end", nativeMemory(server));
            }
            double last = server.rssMb();
            // The live heap is read last: it forces a full collection (jcmd GC.run), whose marking takes native
            // memory the process keeps, so reading it at one minute put ~30 MB into the growth it was measuring.
            double liveAtEnd = server.liveHeapMb();
            double growth = atOneMinute == null ? Double.NaN : last - atOneMinute;
            String summary = String.format("soak %s, %d clients: %d runs, %d failures; RSS at 1 min %.1f MB, at the end "
                            + "%.1f MB (growth %.1f MB, highest after 1 min %.1f MB); goal: growth <= 20 MB: %s; "
                            + "live heap after a full GC at the end %.1f MB",
                    length, clients, runs.get(), failures.get(), atOneMinute, last, growth, max,
                    growth <= 20 && max - atOneMinute <= 20 ? "met" : "NOT met", liveAtEnd);
            System.out.println(summary);
            write(repo, length, clients, samples, memory, summary);
        }
    }

    /** The committed size of each NMT category, in KB ({@code jcmd VM.native_memory summary}). */
    private static Map<String, Long> nativeMemory(BenchServer server) throws Exception {
        Map<String, Long> committed = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)")
                .matcher(server.jcmd("VM.native_memory summary"));
        while (m.find()) {
            committed.put(m.group(1).strip(), Long.parseLong(m.group(2)));
        }
        return committed;
    }

    /** bench/RESULTS-soak.md (or $TEJUN_BENCH_OUT/RESULTS-soak.md): the samples, NMT by category, the summary. */
    private static void write(Path repo, Duration length, int clients, StringBuilder samples,
                              Map<String, Map<String, Long>> memory, String summary) throws IOException {
        StringBuilder md = new StringBuilder("# Soak (issue 13)\n\n");
        md.append(String.format("`bench/soak %d %d`, %s, %d cores; one server started by the launcher (its JVM options; "
                        + "TEJUN_JAVA_OPTS: `%s`), %d WebSocket clients running `sh` cells in their own runbooks and "
                        + "reading the REST run list every tenth run.%n%n", length.toMinutes(), clients, LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), System.getenv().getOrDefault("TEJUN_JAVA_OPTS", ""),
                clients));
        md.append(samples);
        if (!memory.isEmpty()) {
            md.append("\nNative memory tracking, committed MB by category, at the minute shown:\n\n| category |");
            memory.keySet().forEach(k -> md.append(' ').append(k).append(" |"));
            md.append("\n|---|").append("---|".repeat(memory.size())).append('\n');
            for (String category : memory.values().iterator().next().keySet()) {
                md.append("| ").append(category).append(" |");
                for (Map<String, Long> at : memory.values()) {
                    md.append(String.format(" %.1f |", at.getOrDefault(category, 0L) / 1024.0));
                }
                md.append('\n');
            }
        }
        md.append("\n```\n").append(summary).append("\n```\n");
        String out = System.getenv("TEJUN_BENCH_OUT");
        Path file = (out == null || out.isBlank() ? repo.resolve("bench") : Path.of(out)).resolve("RESULTS-soak.md");
        Files.writeString(file, md);
        System.out.println("results: " + file);
    }

    private static void client(BenchServer server, int n, long end, AtomicLong runs, AtomicLong failures) {
        try (NotebookClient c = NotebookClient.connect(server, "soak-" + n + ".md")) {
            for (int i = 0; System.nanoTime() < end; i++) {
                try {
                    c.runToEnd("a", Duration.ofSeconds(60));
                    runs.incrementAndGet();
                    if (i % 10 == 0) {
                        HttpResponse<String> r = BenchServer.HTTP.send(HttpRequest.newBuilder(
                                        URI.create(server.base() + "/api/runs?limit=20"))
                                .header("Cookie", server.cookie()).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            }
        } catch (Exception e) {
            failures.incrementAndGet();
            System.err.println("client " + n + ": " + e);
        }
    }
}

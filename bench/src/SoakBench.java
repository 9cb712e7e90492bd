import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mixed traffic for a long time against one server: each client has its own runbook (so its own session) and
 * runs a short sh cell again and again; every tenth run it also reads the run list. The server's RSS is sampled
 * every 10 s; what counts is its growth after the first minute, when start-up and the first JIT work are done.
 * Run by bench/soak (args: repo, minutes, clients).
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
            double liveAtOneMinute = Double.NaN;
            double max = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(10_000);
                double rss = server.rssMb();
                double minutes = (System.nanoTime() - t0) / 60e9;
                if (minutes >= 1 && atOneMinute == null) {
                    atOneMinute = rss;
                    liveAtOneMinute = server.liveHeapMb();
                }
                max = atOneMinute == null ? max : Math.max(max, rss);
                System.out.printf("%5.1f min  RSS %7.1f MB  runs %d  failures %d%n", minutes, rss, runs.get(),
                        failures.get());
            }
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(90));
            }
            double last = server.rssMb();
            double growth = atOneMinute == null ? Double.NaN : last - atOneMinute;
            System.out.printf("soak %s, %d clients: %d runs, %d failures; RSS at 1 min %.1f MB, at the end %.1f MB "
                            + "(growth %.1f MB, highest after 1 min %.1f MB); goal: growth <= 20 MB: %s; "
                            + "live heap after a full GC at 1 min %.1f MB, at the end %.1f MB%n",
                    length, clients, runs.get(), failures.get(), atOneMinute, last, growth, max,
                    growth <= 20 ? "met" : "NOT met", liveAtOneMinute, server.liveHeapMb());
        }
    }

    private static void client(BenchServer server, int n, long end, AtomicLong runs, AtomicLong failures) {
        try (NotebookClient c = NotebookClient.connect(server, "soak-" + n + ".md")) {
            for (int i = 0; System.nanoTime() < end; i++) {
                try {
                    c.runOnce("a");
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

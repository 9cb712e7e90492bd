import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.alert.AlertEvent;
import dev.tejun.kernel.alert.Replay;
import dev.tejun.kernel.alert.Rule;
import dev.tejun.kernel.alert.RuleFiles;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 20's figures. (1) Accept: SENDERS threads post Alertmanager webhooks (one alert each) at RATE events/s in all
 * to a source endpoint of one server started by the launcher, whose 50-rule decision table is in staging (every
 * event decided, nothing run); p99 accept latency, events lost (not answered 202, or not in the ledger afterwards),
 * heap peak from the GC log. (2) Replay: 100,000 recorded events decided by a 200-row table, in this JVM.
 *   java EventsBench.java REPO [SECONDS] [RATE] [SENDERS]
 */
public final class EventsBench {

    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int senders = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        StringBuilder md = new StringBuilder("# Events: accept rate and replay (issue 20)\n\n");
        md.append("Measured by `bench/events` on ").append(Instant.now().toString(), 0, 10).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores. Load average before: ")
                .append(Files.readString(Path.of("/proc/loadavg")).strip()).append(".\n\n");
        String replay = replay();
        System.out.println(replay);
        md.append(replay);
        md.append(accept(repo, seconds, rate, senders));
        md.append("\nLoad average after: ").append(Files.readString(Path.of("/proc/loadavg")).strip())
                .append(". The sender runs on the same cores as the server (its HTTP client's CPU is taken from the "
                        + "server's); read the figures with the load averages beside them: other work on the machine "
                        + "shows as latency.\n");
        Files.writeString(repo.resolve("bench/RESULTS-events.md"), md.toString());
        System.out.println(md);
    }

    static String table(int rules) {
        StringBuilder y = new StringBuilder("rules:\n");
        for (int i = 0; i < rules; i++) {
            y.append("  - name: r").append(i).append('\n')
                    .append("    when:\n")
                    .append("      labels.alertname: Alert").append(i).append('\n')
                    .append("      labels.severity: { in: [critical, major] }\n")
                    .append("      labels.instance: { regex: \"web-\\\\d+\" }\n")
                    .append("    run: noop.md\n")
                    .append("    params: { host: \"${labels.instance}\" }\n");
        }
        return y.toString();
    }

    static String replay() {
        RuleFiles.Parsed parsed = RuleFiles.parse("rules/bench.yaml", table(200));
        if (!parsed.problems().isEmpty()) {
            throw new IllegalStateException(parsed.problems().toString());
        }
        List<Rule> rules = parsed.rules();
        Random random = new Random(20);
        List<Replay.Recorded> events = new ArrayList<>(100_000);
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        for (int i = 0; i < 100_000; i++) {
            // a quarter name no rule (the unhandled queue), the rest spread over the table's rows
            Map<String, String> labels = Map.of(
                    "alertname", "Alert" + random.nextInt(266),
                    "severity", random.nextBoolean() ? "critical" : "major",
                    "instance", "web-" + random.nextInt(40));
            events.add(new Replay.Recorded(
                    i + 1, t0.plusMillis(i * 50L), new AlertEvent("bench", "firing", labels, Map.of(), Map.of()),
                    "no-match", null));
        }
        Replay.run(rules, events.subList(0, 10_000)); // warm-up, not counted
        long start = System.nanoTime();
        Replay.Report report = Replay.run(rules, events);
        double ms = (System.nanoTime() - start) / 1e6;
        return "## Replay\n\n100,000 recorded events against a 200-row table (each row: an equality, an `in` and a "
                + "regex condition), in one JVM, after a 10,000-event warm-up: **" + String.format("%.0f", ms)
                + " ms** (goal ≤ 10,000 ms); decided " + report.would() + ".\n\n";
    }

    static String accept(Path repo, int seconds, int rate, int senders) throws Exception {
        Path work = Files.createTempDirectory("tejun-events-bench");
        Path runbooks = work.resolve("runbooks");
        Files.createDirectories(runbooks.resolve("rules"));
        Files.writeString(runbooks.resolve("noop.md"), "---\nparams:\n  host: { }\n---\n```sh\ntrue\n```\n");
        Files.writeString(runbooks.resolve("rules/bench.yaml"), table(50));
        try (BenchServer server = BenchServer.start(repo, runbooks, work.resolve("home"))) {
            String cookie = server.cookie();
            String csrf = JSON.readTree(BenchServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/me"))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .path("csrfToken").asText();
            admin(server, cookie, csrf, "/api/rules/stage", "{\"file\":\"rules/bench.yaml\",\"stage\":\"staging\"}");
            String secret = JSON.readTree(admin(server, cookie, csrf, "/api/event-sources",
                    "{\"name\":\"am\",\"format\":\"alertmanager\",\"auth\":\"bearer\"}")).get("secret").asText();
            // one event to warm the path; not counted
            send(server, secret, 0, 0);
            // a warm-up at the same rate, not counted: the server's code is compiled (JIT) before the measured window,
            // as it is on a server that has been running; its events have fingerprints of their own
            Phase warm = phase(server, secret, WARM_SECONDS, rate, senders, 1_000_000);
            long mark = server.gcMark();
            Phase measured = phase(server, secret, seconds, rate, senders, 0);
            ConcurrentLinkedQueue<Double> latencies = measured.latencies();
            AtomicInteger refused = measured.refused();
            AtomicInteger sent = measured.sent();
            double wall = measured.wall();
            int inFlight = IN_FLIGHT;
            double heap = server.heapPeakSinceMb(mark);
            // every accepted event must be in the ledger: count the rows the server reports
            int recorded = ledgerCount(server, cookie);
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            Stats st = Stats.of(sorted);
            int expected = sent.get() + warm.sent().get() + 1;
            return "## Accept\n\n" + senders + " senders posting Alertmanager webhooks (one alert each) at " + rate
                    + " events/s in all for " + seconds + " s (after " + WARM_SECONDS + " s at that rate not counted: a warm-up), at most " + inFlight + " posts open per sender, to `/api/events/in/am` (bearer) of one server started by "
                    + "the launcher (`./tejun serve`, SQLite); rules/bench.yaml has 50 rows (equality, `in`, regex "
                    + "each) and is in staging, so every event is decided and recorded and nothing runs.\n\n"
                    + "| figure | value | goal |\n|---|---:|---:|\n"
                    + "| events sent | " + sent.get() + " in " + String.format("%.1f", wall) + " s ("
                    + String.format("%.0f", sent.get() / wall) + "/s) | 1,000/s |\n"
                    + "| accept latency p50 / p90 / p99 ms | " + String.format("%.1f / %.1f / %.1f", st.p50(), st.p90(), st.p99())
                    + " | p99 ≤ 50 |\n"
                    + "| not answered 202 | " + refused.get() + " | 0 |\n"
                    + "| in the ledger afterwards | " + recorded + " of " + expected + " | all |\n"
                    + "| heap peak (GC log) MB | " + String.format("%.0f", heap) + " | ≤ 256 |\n\n"
                    + "Latency is counted from each post's due time to its answer (open loop: posts go out asynchronously "
                    + "at their slots), so a server that falls behind shows it as latency rather than as a lower send rate.\n";
        }
    }

    /** Seconds of posts at the rate before the measured window, not counted. */
    static final int WARM_SECONDS = 5;

    /**
     * At most IN_FLIGHT posts open per sender: an unbounded open loop opened a connection per post and, at ~7,600
     * connections, stalled the client (first run, 2026-12-04); a send held back is late, and its lateness is counted.
     */
    static final int IN_FLIGHT = 20;

    /** What one sending phase saw. */
    record Phase(ConcurrentLinkedQueue<Double> latencies, AtomicInteger refused, AtomicInteger sent, double wall) {}

    /** Posts at {@code rate}/s from {@code senders} for {@code seconds}; alert numbers start at {@code first}. */
    static Phase phase(BenchServer server, String secret, int seconds, int rate, int senders, int first)
            throws Exception {
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        int perSender = rate * seconds / senders;
        long periodNanos = TimeUnit.SECONDS.toNanos(1) * senders / rate;
        var pool = Executors.newFixedThreadPool(senders);
        int inFlight = IN_FLIGHT;
        long start = System.nanoTime();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            pool.submit(() -> {
                var permits = new java.util.concurrent.Semaphore(inFlight);
                List<java.util.concurrent.CompletableFuture<?>> pending = new ArrayList<>();
                for (int i = 0; i < perSender; i++) {
                    // open loop: each post goes out at its slot, answered or not, so a slow answer delays no
                    // later send and shows as latency rather than as a lower rate
                    long due = start + i * periodNanos + sender * periodNanos / senders;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    permits.acquireUninterruptibly();
                    sent.incrementAndGet();
                    pending.add(sendAsync(server, secret, sender, first + i).handle((status, error) -> {
                        permits.release();
                        latencies.add((System.nanoTime() - due) / 1e6);
                        if (error != null || status != 202) {
                            refused.incrementAndGet();
                        }
                        return null;
                    }));
                }
                pending.forEach(java.util.concurrent.CompletableFuture::join);
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds * 20L + 120, TimeUnit.SECONDS);
        return new Phase(latencies, refused, sent, (System.nanoTime() - start) / 1e9);
    }

    static String admin(BenchServer server, String cookie, String csrf, String path, String body) throws Exception {
        HttpResponse<String> r = BenchServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + path))
                .header("Cookie", cookie).header("X-CSRF-Token", csrf).header("Origin", server.base())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static int send(BenchServer server, String secret, int sender, int i) throws Exception {
        return sendAsync(server, secret, sender, i).get();
    }

    static java.util.concurrent.CompletableFuture<Integer> sendAsync(BenchServer server, String secret, int sender, int i) {
        String body = """
                {"version":"4","groupKey":"g","status":"firing","receiver":"tejun","groupLabels":{},"commonLabels":{},
                 "commonAnnotations":{},"externalURL":"http://am","alerts":[{"status":"firing","labels":{
                 "alertname":"Alert%d","severity":"critical","instance":"web-%d"},"annotations":{},
                 "startsAt":"2026-12-01T00:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"s%d-%d"}]}"""
                .formatted((sender * 7 + i) % 60, i % 40, sender, i);
        return BenchServer.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(server.base() + "/api/events/in/am"))
                .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode);
    }

    /** The newest event's id: ids are given in order from 1, so it is how many the ledger holds. */
    static int ledgerCount(BenchServer server, String cookie) throws Exception {
        JsonNode events = JSON.readTree(BenchServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.base()
                + "/api/events")).header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("events");
        return events.isEmpty() ? 0 : events.get(0).path("id").asInt();
    }
}

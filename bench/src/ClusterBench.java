import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.server.ServerConfig;
import dev.tejun.server.TejunServer;
import dev.tejun.server.auth.Role;
import dev.tejun.server.auth.TokenStore;
import dev.tejun.server.auth.UserStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Several servers in one JVM (or, with TEJUN_BENCH_PROCESSES=1, each a process of its own) on one PostgreSQL (1, 2, 3), and one on SQLite beside them: RUNS runs of a one-cell
 * runbook submitted round-robin through all of them by CLIENTS clients, through the run queue. Measures the POST's
 * round trip and queued → started (the run_queue row's own times: the claim latency) p50/p99, and runs/s until every
 * run's row has ended. Writes bench/RESULTS-cluster.md.
 * Args: repo, runs, clients; TEJUN_BENCH_POSTGRES=jdbc:postgresql://HOST:PORT/ (bench/cluster starts one).
 */
public final class ClusterBench {

    record Figure(
            String backend,
            int servers,
            int runs,
            double p50,
            double p99,
            double claim50,
            double claim99,
            double runsPerSecond) {}

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        String pg = System.getenv("TEJUN_BENCH_POSTGRES");
        List<Figure> figures = new ArrayList<>();
        Path temp = Files.createTempDirectory("tejun-cluster-bench");
        figures.add(measure(repo, temp.resolve("sqlite"), null, 1, runs, clients));
        for (int n = 1; n <= 3; n++) {
            figures.add(measure(repo, temp.resolve("pg" + n), database(pg, "bench" + n), n, runs, clients));
        }
        int rate = Integer.parseInt(args.length > 3 ? args[3] : "200");
        int seconds = Integer.parseInt(args.length > 4 ? args[4] : "10");
        List<Paced> paced = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            paced.add(paced(repo, temp.resolve("paced" + n), database(pg, "paced" + n), n, rate, seconds));
        }
        StringBuilder md = new StringBuilder("""
                # Several servers on one PostgreSQL (bench/cluster)

                %d runs of a one-cell `sh` runbook (`true`), submitted by %d clients round-robin through every
                server (%s), as the API's POST /api/runs, through the run queue (`runs.capacity` 16 per
                server). "POST": the request's round trip (a server with a free place starts the run before it
                answers, else the run waits in the queue). "queued → started": from the run_queue row's insert to
                the claiming server handing it to a session (the row's own times: the claim latency; 0 for a run the
                server it was sent to started at once, whose row is written as started). runs/s: from
                the first submit until every run's row has ended. Machine: %d cores, load average at the start %s.
                Failover: FailoverTest and QueueFailoverTest (kill -9 of a member; bound lease + 5 s).

                | backend | servers | runs | POST p50 (ms) | POST p99 (ms) | queued → started p50 (ms) | p99 (ms) | runs/s |
                |---|---|---|---|---|---|---|---|
                """.formatted(
                        runs,
                        clients,
                        Cluster.PROCESSES ? "each a process started by the launcher" : "all in one JVM",
                        Runtime.getRuntime().availableProcessors(),
                        load()));
        for (Figure f : figures) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                    f.backend(),
                    f.servers(),
                    f.runs(),
                    f.p50(),
                    f.p99(),
                    f.claim50(),
                    f.claim99(),
                    f.runsPerSecond()));
        }
        md.append("""

                ## Claim latency at %d runs/s submitted

                %d runs/s for %d s, each POST sent when its time comes (an open loop, as schedules, alert rules and CI
                jobs submit), round-robin through every server on one PostgreSQL: previews of the same runbook
                (`"preview": true`), which are queued, claimed and handed to a session of their own, with their
                evidence, like any run, and run no process, so that this machine can take the rate and the claim is
                measured, not a wait for a free place (the part above shows that wait). "sent → started": from the
                client's send of the POST to the row's start (one clock: client and servers on this machine), the
                whole of what the goal (p99 ≤ 50 ms) asks; "queued → started" is the row's own times, 0 for a run the
                server it was sent to started at once (its row is written as started). Each line's servers first take
                the same rate for as long, not counted: the first seconds of a JVM whose preview path is not compiled
                yet fall behind whatever the number of servers.

                | servers | submitted (runs/s) | runs | sent → started p50 (ms) | p99 (ms) | max (ms) | queued → started p50 (ms) | p99 (ms) |
                |---|---|---|---|---|---|---|---|
                """.formatted(rate, rate, seconds));
        for (Paced p : paced) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %.1f | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                    p.servers(),
                    p.submitted(),
                    p.runs(),
                    p.sent50(),
                    p.sent99(),
                    p.sentMax(),
                    p.claim50(),
                    p.claim99()));
        }
        md.append("\nLoad average at the end: ").append(load()).append(".\n");
        Files.writeString(repo.resolve("bench/RESULTS-cluster.md"), md);
        System.out.print(md);
        System.exit(0);
    }

    private static String database(String base, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(base + "postgres", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return base + name;
    }

    /**
     * {@code n} servers on one database ({@code url}; null: SQLite), each with a token of user bench: in this JVM, or
     * with TEJUN_BENCH_PROCESSES=1 each a process of its own started by {@code repo}'s launcher (its own carriers, four per
     * core, and its own JIT), the database then also opened here for the tokens and the figures.
     */
    record Cluster(List<String> bases, List<String> tokens, List<CmdbStore> stores, List<AutoCloseable> parts)
            implements AutoCloseable {

        static final boolean PROCESSES = "1".equals(System.getenv("TEJUN_BENCH_PROCESSES"));

        static Cluster start(Path repo, Path folder, String url, int n) throws Exception {
            Cluster c = new Cluster(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            try {
                Path runbooks = Files.createDirectories(folder.resolve("runbooks"));
                Files.writeString(runbooks.resolve("one.md"), "# One\n\n```sh\ntrue\n```\n");
                for (int i = 0; i < n; i++) {
                    Path data = Files.createDirectories(folder.resolve("data" + i));
                    if (PROCESSES) {
                        // empty: SQLite (BenchServer would give each server a database of its own on
                        // TEJUN_BENCH_POSTGRES, which bench/cluster sets)
                        Map<String, String> env = Map.of(
                                "TEJUN_DATABASE_URL", url == null ? "" : url,
                                "TEJUN_DATABASE_USER", url == null ? "" : "postgres");
                        BenchServer server = BenchServer.start(repo, runbooks, data, env);
                        c.parts.add(() -> {
                            server.process.destroy();
                            server.process.waitFor();
                        });
                        c.bases.add(server.base());
                        if (i == 0) {
                            c.store(url == null ? DatabaseSettings.sqlite(data) : new DatabaseSettings(
                                    Files.createDirectories(folder.resolve("bench")), url, "postgres", null));
                        }
                    } else {
                        CmdbStore cmdb = c.store(url == null
                                ? DatabaseSettings.sqlite(data)
                                : new DatabaseSettings(data, url, "postgres", null));
                        TejunServer server = TejunServer.start(new ServerConfig(
                                ServerConfig.DEFAULT_HOST,
                                0,
                                runbooks,
                                data,
                                new ExecutorRegistry(List.of(new ShellExecutorFactory())),
                                null,
                                cmdb));
                        c.parts.add(server::stop);
                        c.bases.add(server.baseUrl());
                    }
                }
                CmdbStore store = c.stores.getFirst();
                UserStore users = new UserStore(store.database(), Clock.systemUTC());
                if (users.find("bench").isEmpty()) {
                    users.create("bench", "bench-password-long-enough", EnumSet.of(Role.ADMIN));
                }
                for (int i = 0; i < n; i++) {
                    c.tokens.add(new TokenStore(store.database(), Clock.systemUTC())
                            .create("bench", "bench-" + i, null)
                            .token());
                }
            } catch (Exception e) {
                c.close();
                throw e;
            }
            return c;
        }

        private CmdbStore store(DatabaseSettings settings) {
            CmdbStore cmdb = new CmdbStore(settings, Clock.systemUTC());
            stores.add(cmdb);
            return cmdb;
        }

        HttpRequest post(int server, String body) {
            return HttpRequest.newBuilder(URI.create(bases.get(server) + "/api/runs"))
                    .header("Authorization", "Bearer " + tokens.get(server))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        }

        @Override
        public void close() {
            for (AutoCloseable part : parts) {
                try {
                    part.close();
                } catch (Exception e) {
                    System.err.println("stopping a server: " + e);
                }
            }
            stores.forEach(CmdbStore::close);
        }
    }

    private static Figure measure(Path repo, Path folder, String url, int n, int runs, int clients) throws Exception {
        try (Cluster cluster = Cluster.start(repo, folder, url, n)) {
            List<CmdbStore> stores = cluster.stores();
            HttpClient http = HttpClient.newHttpClient();
            List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
            long t0 = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    done.add(pool.submit(() -> {
                        for (int r = client; r < runs; r += clients) {
                            int s = r % n;
                            long a = System.nanoTime();
                            HttpResponse<String> answer = http.send(
                                    cluster.post(s, "{\"runbook\":\"one.md\"}"), HttpResponse.BodyHandlers.ofString());
                            if (answer.statusCode() >= 300) {
                                throw new IllegalStateException(answer.statusCode() + " " + answer.body());
                            }
                            latencies.add((System.nanoTime() - a) / 1e6);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            while (ended(stores.getFirst()) < runs) {
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            List<Double> claims = claims(stores.getFirst());
            return new Figure(
                    url == null ? "SQLite" : "PostgreSQL",
                    n,
                    runs,
                    pct(sorted, 50),
                    pct(sorted, 99),
                    pct(claims, 50),
                    pct(claims, 99),
                    runs / seconds);
        }
    }

    /** The paced part: what {@link #paced} measured on one line. */
    record Paced(
            int servers,
            double rate,
            double submitted,
            int runs,
            double sent50,
            double sent99,
            double sentMax,
            double claim50,
            double claim99) {}

    /**
     * Runs submitted at {@code rate} a second for {@code seconds}, round-robin through {@code n} servers, each POST
     * sent when its time comes whatever the earlier ones do (an open loop, as schedules, alerts and CI jobs submit):
     * previews of one.md, which go through the queue, claim and session like any run and run no process, so the
     * machine can take the rate and queued → started is the claim, not a wait for a place.
     */
    private static Paced paced(Path repo, Path folder, String url, int n, int rate, int seconds) throws Exception {
        try (Cluster cluster = Cluster.start(repo, folder, url, n)) {
            HttpClient http = HttpClient.newHttpClient();
            int runs = rate * seconds;
            // the same rate for as long first, not counted: these servers' JIT compiles the preview path there (in
            // one JVM the lines before did it too; with a process per server each line's servers are new JVMs)
            send(cluster, http, n, rate, runs);
            awaitEnded(cluster, runs);
            long t0 = System.nanoTime();
            Map<String, Long> sentById = send(cluster, http, n, rate, runs);
            double submitted = runs / ((System.nanoTime() - t0) / 1e9);
            awaitEnded(cluster, 2L * runs);
            List<List<Double>> times = started(cluster.stores().getFirst(), sentById);
            List<Double> sent = times.get(0);
            List<Double> claims = times.get(1);
            return new Paced(
                    n,
                    rate,
                    submitted,
                    sent.size(),
                    pct(sent, 50),
                    pct(sent, 99),
                    sent.getLast(),
                    pct(claims, 50),
                    pct(claims, 99));
        }
    }

    /**
     * {@code runs} previews at {@code rate} a second, round-robin through the servers, each POST sent when its time
     * comes whatever the earlier ones do; answers each run's id and the wall-clock time its POST was sent.
     */
    private static Map<String, Long> send(Cluster cluster, HttpClient http, int n, int rate, int runs)
            throws Exception {
        long period = 1_000_000_000L / rate;
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        long[] sentMs = new long[runs];
        long t0 = System.nanoTime();
        for (int r = 0; r < runs; r++) {
            long wait = t0 + r * period - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            sentMs[r] = System.currentTimeMillis();
            answers.add(http.sendAsync(
                    cluster.post(r % n, "{\"runbook\":\"one.md\",\"preview\":true}"),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Map<String, Long> sentById = new HashMap<>();
        for (int r = 0; r < runs; r++) {
            HttpResponse<String> answer = answers.get(r).get();
            if (answer.statusCode() >= 300) {
                throw new IllegalStateException(answer.statusCode() + " " + answer.body());
            }
            sentById.put(RUN_ID.readTree(answer.body()).path("runId").asText(), sentMs[r]);
        }
        return sentById;
    }

    private static void awaitEnded(Cluster cluster, long runs) throws InterruptedException {
        while (ended(cluster.stores().getFirst()) < runs) {
            Thread.sleep(20);
        }
    }

    private static long ended(CmdbStore store) {
        return store.database().read(c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM runs WHERE status <> 'RUNNING'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static final ObjectMapper RUN_ID = new ObjectMapper();

    /**
     * Of every run in {@code sentById} (its id → send time), sorted (ms): from the client's send to the row's start,
     * and from the row's insert to its start.
     */
    private static List<List<Double>> started(CmdbStore store, Map<String, Long> sentById) {
        List<Double> sent = new ArrayList<>();
        List<Double> queued = new ArrayList<>();
        store.database().read(c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT run_id, started_ms, queued_ms FROM run_queue WHERE started_ms IS NOT NULL")) {
                while (rs.next()) {
                    Long at = sentById.get(rs.getString(1));
                    if (at != null) {
                        sent.add((double) (rs.getLong(2) - at));
                        queued.add((double) (rs.getLong(2) - rs.getLong(3)));
                    }
                }
            }
            return null;
        });
        if (sent.size() != sentById.size()) {
            throw new IllegalStateException(sentById.size() + " runs sent, " + sent.size() + " started");
        }
        Collections.sort(sent);
        Collections.sort(queued);
        return List.of(sent, queued);
    }

    /** queued → started of every run in the queue, sorted (ms). */
    private static List<Double> claims(CmdbStore store) {
        return store.database().read(c -> {
            List<Double> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT started_ms - queued_ms FROM run_queue WHERE started_ms IS NOT NULL ORDER BY 1")) {
                while (rs.next()) {
                    out.add((double) rs.getLong(1));
                }
            }
            return out;
        });
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }
}

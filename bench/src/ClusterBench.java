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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several servers in one JVM on one PostgreSQL (1, 2, 3), and one on SQLite beside them: RUNS runs of a one-cell
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
        figures.add(measure(temp.resolve("sqlite"), null, 1, runs, clients));
        for (int n = 1; n <= 3; n++) {
            figures.add(measure(temp.resolve("pg" + n), database(pg, "bench" + n), n, runs, clients));
        }
        StringBuilder md = new StringBuilder("""
                # Several servers on one PostgreSQL (bench/cluster)

                %d runs of a one-cell `sh` runbook (`true`), submitted by %d clients round-robin through every
                server (in one JVM), as the API's POST /api/runs, through the run queue (`runs.capacity` 16 per
                server). "POST": the request's round trip (a server with a free place starts the run before it
                answers, else the run waits in the queue). "queued → started": from the run_queue row's insert to
                the claiming server handing it to a session (the row's own times: the claim latency). runs/s: from
                the first submit until every run's row has ended. Machine: %d cores, load average at the start %s.
                Failover: FailoverTest and QueueFailoverTest (kill -9 of a member; bound lease + 5 s).

                | backend | servers | runs | POST p50 (ms) | POST p99 (ms) | queued → started p50 (ms) | p99 (ms) | runs/s |
                |---|---|---|---|---|---|---|---|
                """.formatted(runs, clients, Runtime.getRuntime().availableProcessors(), load()));
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

    private static Figure measure(Path folder, String url, int n, int runs, int clients) throws Exception {
        List<TejunServer> servers = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<CmdbStore> stores = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Path runbooks = Files.createDirectories(folder.resolve("runbooks"));
                Files.writeString(runbooks.resolve("one.md"), "# One\n\n```sh\ntrue\n```\n");
                Path data = Files.createDirectories(folder.resolve("data" + i));
                DatabaseSettings settings = url == null
                        ? DatabaseSettings.sqlite(data)
                        : new DatabaseSettings(data, url, "postgres", null);
                CmdbStore cmdb = new CmdbStore(settings, Clock.systemUTC());
                stores.add(cmdb);
                servers.add(TejunServer.start(new ServerConfig(
                        ServerConfig.DEFAULT_HOST,
                        0,
                        runbooks,
                        data,
                        new ExecutorRegistry(List.of(new ShellExecutorFactory())),
                        null,
                        cmdb)));
                UserStore users = new UserStore(cmdb.database(), Clock.systemUTC());
                if (users.find("bench").isEmpty()) {
                    users.create("bench", "bench-password-long-enough", EnumSet.of(Role.ADMIN));
                }
                tokens.add(new TokenStore(cmdb.database(), Clock.systemUTC())
                        .create("bench", "bench", null)
                        .token());
            }
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
                                    HttpRequest.newBuilder(URI.create(servers.get(s).baseUrl() + "/api/runs"))
                                            .header("Authorization", "Bearer " + tokens.get(s))
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString("{\"runbook\":\"one.md\"}"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
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
        } finally {
            servers.forEach(TejunServer::stop);
            stores.forEach(CmdbStore::close);
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

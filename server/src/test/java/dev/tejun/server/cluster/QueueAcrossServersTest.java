package dev.tejun.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.testing.TestPostgres;
import dev.tejun.server.Json;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.runs.queue.RunQueue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REST runs submitted through two servers on one real PostgreSQL go through the run queue: each is executed exactly
 * once (its cell's side effect, its evidence folder and its audit entries counted), by whichever server had room;
 * and when one server is killed ({@code kill -9}, a child JVM) part-way, the runs it had started are marked
 * interrupted and never run again, while everything still queued is run by the living one.
 */
class QueueAcrossServersTest {

    private static final int RUNS = 500;
    /** Four places per server, so most runs wait in the queue; the lease is the default (30 s). */
    private static final String CAPACITY = "runs.capacity: 4\n";

    @TempDir
    Path temp;

    static Settings settings(String yaml) {
        try {
            return Settings.of(ConfigFile.parse("test.yaml", yaml), Map.of(), Map.of());
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void submit_fiveHundredRunsThroughTwoServers_eachRunsExactlyOnce() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.freshDatabase();
        Function<Path, DatabaseSettings> shared = data -> new DatabaseSettings(data, url, pg.user(), null);
        try (TestServer a = new TestServer(temp.resolve("a"), shared, c -> c.with(settings(CAPACITY)));
                TestServer b = new TestServer(temp.resolve("b"), shared, c -> c.with(settings(CAPACITY)))) {
            a.write("count.md", runbook("0"));
            b.write("count.md", runbook("0"));
            List<Endpoint> through =
                    List.of(new Endpoint(a.server.baseUrl(), a.token), new Endpoint(b.server.baseUrl(), b.token));

            Map<String, Integer> ids = submit(through, RUNS);

            Database db = a.cmdb.database();
            awaitFinal(db, RUNS);
            Map<String, Long> states = states(db);
            assertEquals(Map.of(RunQueue.DONE, (long) RUNS), states, "every queued run ran to its end");
            Map<String, Long> byServer = count(db, "SELECT claimed_by, COUNT(*) FROM run_queue GROUP BY claimed_by");
            assertEquals(2, byServer.size(), "both servers took runs: " + byServer);
            assertEquals(
                    Map.of("OK", (long) RUNS),
                    count(db, "SELECT status, COUNT(*) FROM runs GROUP BY status"),
                    "the run index: " + count(db, "SELECT run_id || ' ' || status, 1 FROM runs WHERE status <> 'OK'"));
            assertEachRanOnce(ran(a.data, b.data), ids, ids.keySet());
            for (String runId : ids.keySet()) {
                boolean inA = Files.isDirectory(a.data.resolve("evidence").resolve(runId));
                boolean inB = Files.isDirectory(b.data.resolve("evidence").resolve(runId));
                assertTrue(inA ^ inB, runId + " has evidence in exactly one server (a: " + inA + ", b: " + inB + ")");
            }
            for (String runId : ids.keySet().stream().limit(20).toList()) {
                // asked through the server that did not run it: relayed to the one that did
                TestServer other = Files.isDirectory(a.data.resolve("evidence").resolve(runId)) ? b : a;
                HttpResponse<String> r = other.get("/api/runs/" + runId + "/events");
                assertEquals(200, r.statusCode(), r.body());
                assertEquals("ok", Json.MAPPER.readTree(r.body()).path("status").asText(), r.body());
            }
            Map<String, Long> starts = auditCount(db, "execution.start");
            Map<String, Long> ends = auditCount(db, "execution.end");
            for (String runId : ids.keySet()) {
                assertEquals(1L, starts.getOrDefault(runId, 0L), "audited starts of " + runId);
                assertEquals(1L, ends.getOrDefault(runId, 0L), "audited ends of " + runId);
            }
        }
    }

    /**
     * A runbook whose run writes its param {@code n} to {@code ran} in its cell's home (the run's own work folder, the
     * one place a sandboxed cell can write that outlives it), after sleeping {@code nap} seconds.
     */
    static String runbook(String nap) {
        return "---\nparams:\n  n: { default: \"x\" }\n---\n# Count\n\n```sh\nsleep " + nap
                + "\necho ${params.n} >> \"$HOME/ran\"\n```\n";
    }

    /** The lines of every {@code ran} file under the work folders of {@code dataDirs}: one per executed run. */
    static List<String> ran(Path... dataDirs) throws java.io.IOException {
        return written("ran", dataDirs);
    }

    /** The lines of every file named {@code name} under the work folders of {@code dataDirs}. */
    static List<String> written(String name, Path... dataDirs) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        for (Path data : dataDirs) {
            Path work = data.resolve("work");
            if (!Files.isDirectory(work)) {
                continue;
            }
            try (var files = Files.walk(work)) {
                for (Path f : files.filter(f -> f.getFileName().toString().equals(name))
                        .toList()) {
                    lines.addAll(Files.readAllLines(f));
                }
            }
        }
        return lines;
    }

    record Endpoint(String baseUrl, String token) {}

    /** Submits {@code runs} runs, n = 0…runs-1, alternately through each endpoint, 8 at a time; answers id → n. */
    static Map<String, Integer> submit(List<Endpoint> through, int runs) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Integer> ids = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                int n = i;
                Endpoint e = through.get(n % through.size());
                sent.add(pool.submit(() -> {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create(e.baseUrl() + "/api/runs"))
                                    .header("Authorization", "Bearer " + e.token())
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"runbook\":\"count.md\",\"params\":{\"n\":\"" + n + "\"}}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode() / 100 * 100, r.body());
                    ids.put(Json.MAPPER.readTree(r.body()).path("runId").asText(), n);
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
        assertEquals(runs, ids.size(), "distinct run ids");
        return ids;
    }

    /** Waits until no run is queued, claimed or started; the bound only keeps a broken queue from hanging the build. */
    static void awaitFinal(Database db, int runs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (true) {
            Map<String, Long> states = states(db);
            long open = states.getOrDefault(RunQueue.QUEUED, 0L)
                    + states.getOrDefault(RunQueue.CLAIMED, 0L)
                    + states.getOrDefault(RunQueue.STARTED, 0L);
            long all = states.values().stream().mapToLong(Long::longValue).sum();
            if (all == runs && open == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("runs still open after 10 minutes: " + states);
            }
            Thread.sleep(200);
        }
    }

    /** Every n of {@code mustRun} is among the executions {@code ran} exactly once, and no n is there twice. */
    static void assertEachRanOnce(List<String> ran, Map<String, Integer> ids, java.util.Collection<String> mustRun) {
        Map<String, Long> lines = ran.stream().collect(Collectors.groupingBy(l -> l, Collectors.counting()));
        lines.forEach((n, times) -> assertEquals(1L, times, "run n=" + n + " executed " + times + " times"));
        for (String runId : mustRun) {
            assertTrue(lines.containsKey(Integer.toString(ids.get(runId))), runId + " (n=" + ids.get(runId) + ") ran");
        }
    }

    static Map<String, Long> states(Database db) {
        return count(db, "SELECT state, COUNT(*) FROM run_queue GROUP BY state");
    }

    static Map<String, Long> count(Database db, String sql) {
        return db.read(c -> {
            Map<String, Long> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    /** Audit entries of {@code action} per run id. */
    static Map<String, Long> auditCount(Database db, String action) {
        return db.read(c -> {
            Map<String, Long> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT detail FROM audit_log WHERE action = ?")) {
                ps.setString(1, action);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = Json.MAPPER
                                .readTree(rs.getString(1))
                                .path("runId")
                                .asText();
                        out.merge(id, 1L, Long::sum);
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            return out;
        });
    }

    /**
     * Takes the one place of server {@code full} ({@code runs.capacity: 1}) with a run that sleeps until stopped, so
     * what is queued from now on goes to the other server. A run asked for through a server is claimed by whichever
     * server is first (the other may be woken by the insert's NOTIFY before the asker claims it), so blockers are
     * asked for until one runs on {@code full}; those the other took sleep there. Answers the blocker's run id.
     */
    static String fill(TestServer full) throws Exception {
        full.write("block.md", "# Block\n\n```sh\nsleep 120\n```\n");
        String name = full.server.node().orElseThrow().name();
        RunQueue queue = new RunQueue(full.cmdb.database(), Json.newMapper(), java.time.Clock.systemUTC());
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = full.post("/api/runs", "{\"runbook\":\"block.md\"}");
            assertEquals(201, r.statusCode(), r.body());
            String runId = Json.MAPPER.readTree(r.body()).path("runId").asText();
            dev.tejun.server.fixtures.Await.until(
                    () -> queue.find(runId).orElseThrow().state().equals(RunQueue.STARTED), "blocker started");
            if (name.equals(queue.find(runId).orElseThrow().server())) {
                return runId;
            }
        }
        throw new AssertionError("ten blockers asked for through " + name + ", none ran there");
    }

    /** A server in this JVM with its folders in {@code folder}, on database {@code url} of {@code pg}, as {@code yaml}. */
    static TestServer member(Path folder, TestPostgres pg, String url, String yaml) throws java.io.IOException {
        return new TestServer(
                folder,
                new DatabaseSettings(folder.resolve("data"), url, pg.user(), null),
                c -> c.with(settings(yaml)));
    }

    /** A {@link QueueServerChild} on {@code url}, once it listens: its process and how to reach it. */
    static Child child(Path folder, String url, String user, String yaml) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(
                        java, "-cp", classpath, QueueServerChild.class.getName(), folder.toString(), url, user, yaml)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("ready ")) {
            // the child's logging is not ours to read
        }
        if (line == null) {
            throw new IllegalStateException("the child server ended before it was ready: " + p.waitFor());
        }
        String[] words = line.split(" ");
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> {})); // keep its stdout from filling up
        return new Child(p, new Endpoint(words[1], words[2]));
    }

    record Child(Process process, Endpoint endpoint) {}
}

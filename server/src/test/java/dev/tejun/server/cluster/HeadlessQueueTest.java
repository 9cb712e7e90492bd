package dev.tejun.server.cluster;

import static dev.tejun.server.cluster.QueueAcrossServersTest.count;
import static dev.tejun.server.cluster.QueueAcrossServersTest.ran;
import static dev.tejun.server.cluster.QueueAcrossServersTest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.testing.TestPostgres;
import dev.tejun.server.Json;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.TwoServers;
import dev.tejun.server.runs.queue.RunQueue;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules and alert rules on two servers sharing one PostgreSQL run their runbooks through the run queue, as REST
 * runs do: each fire time of a schedule runs once across both servers (on whichever had room; the firing server
 * waits for its end there and records it), and a burst of one alert sent to both servers runs its rule's runbook
 * once.
 */
class HeadlessQueueTest {

    /** Writes a line to the run's own work folder: one line per execution, wherever it ran. */
    static final String TICK = "# Tick\n\n```sh\necho tick >> \"$HOME/ran\"\n```\n";

    @TempDir
    Path temp;

    @Test
    void schedule_everySecondOnTwoServers_eachFireTimeRunsOnceThroughTheQueue() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.freshDatabase();
        Function<Path, DatabaseSettings> shared = data -> new DatabaseSettings(data, url, pg.user(), null);
        // a has one place, kept by a long REST run: what a fires waits in the queue for b
        try (TestServer a = new TestServer(temp.resolve("a"), shared, c -> c.with(settings("runs.capacity: 1\n")));
                TestServer b = new TestServer(temp.resolve("b"), shared, c -> c)) {
            for (TestServer s : List.of(a, b)) {
                s.write("tick.md", TICK);
            }
            String blocker = QueueAcrossServersTest.fill(a);
            HttpResponse<String> made = a.post("/api/schedules", "{\"target\":\"tick.md\",\"cron\":\"* * * * * ?\"}");
            assertEquals(201, made.statusCode(), made.body());
            String schedule = Json.MAPPER.readTree(made.body()).path("id").asText();
            Database db = a.cmdb.database();

            Await.until(() -> ticks(db, RunQueue.DONE) >= 6, "six scheduled runs done");
            assertEquals(
                    204,
                    a.as(a.token, "DELETE", "/api/schedules/" + schedule, null).statusCode());
            Thread.sleep(6000); // b reads the schedules again within 5 s: no fire time after this
            try {
                Await.until(() -> ticks(db, null) == ticks(db, RunQueue.DONE), "every scheduled run ended");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + QueueAcrossServersTest.states(db), e);
            }
            String running = "SELECT 'n', COUNT(*) FROM sched_runs WHERE status = 'running'";
            Await.until(() -> count(db, running).getOrDefault("n", 0L) == 0, "every fire time's end recorded");
            assertEquals(202, a.post("/api/runs/" + blocker + "/stop", "").statusCode());

            List<String> queued = column(db, "SELECT run_id FROM run_queue WHERE runbook = 'tick.md'");
            List<String> fired = column(
                    db, "SELECT run_id FROM sched_runs WHERE status <> 'skipped' AND schedule_id = '" + schedule + "'");
            assertEquals(Set.copyOf(queued), Set.copyOf(fired), "each fire time's run is a row of the queue");
            assertEquals(fired.size(), Set.copyOf(fired).size(), "no run twice in the schedule's history");
            List<String> times = column(db, "SELECT fire_time FROM sched_runs WHERE schedule_id = '" + schedule + "'");
            assertEquals(times.size(), new HashSet<>(times).size(), "each fire time handled once: " + times);
            assertEquals(queued.size(), ran(a.data, b.data).size(), "each queued run executed once");
            assertEquals(
                    Map.of(b.server.node().orElseThrow().name(), (long) queued.size()),
                    count(db, "SELECT claimed_by, COUNT(*) FROM run_queue WHERE runbook = 'tick.md' GROUP BY 1"),
                    "b ran them all: a had no room");
            assertEquals(
                    Map.of("ok", (long) fired.size()),
                    count(
                            db,
                            "SELECT status, COUNT(*) FROM sched_runs WHERE status <> 'skipped' AND schedule_id = '"
                                    + schedule + "' GROUP BY 1"),
                    "the firing server recorded how each run ended on the other");
        }
    }

    @Test
    void alert_burstToTwoServers_runsItsRunbookOnce() throws Exception {
        try (TwoServers two = TwoServers.onOnePostgresql(temp)) {
            for (TestServer s : List.of(two.a(), two.b())) {
                s.write("fix.md", TICK);
                s.write("rules/r.yaml", """
                        rules:
                          - name: fix
                            when: { labels.alertname: Broken }
                            run: fix.md
                            action-limit: { runs: 1, per: 10m }
                        """);
            }
            two.a().activateRule("rules/r.yaml#fix");
            String alert = "{\"source\":\"test\",\"status\":\"firing\",\"labels\":{\"alertname\":\"Broken\"}}";
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 10; i++) {
                    TestServer to = i % 2 == 0 ? two.a() : two.b();
                    sent.add(pool.submit(() -> to.post("/api/events", alert)));
                }
                for (Future<HttpResponse<String>> f : sent) {
                    assertEquals(202, f.get().statusCode(), f.get().body());
                }
            }
            Database db = two.a().cmdb.database();
            assertEquals(
                    1L,
                    count(db, "SELECT decision, COUNT(*) FROM sched_events GROUP BY 1")
                            .getOrDefault("run", 0L),
                    "one event of the burst decided to run: "
                            + count(db, "SELECT decision, COUNT(*) FROM sched_events GROUP BY 1"));
            Await.until(() -> ticks(db, RunQueue.DONE) == 1, "the rule's run done");
            Thread.sleep(1000); // a second run would be queued by now
            assertEquals(1, ticks(db, null), "one run of fix.md went through the queue");
            assertEquals(List.of("tick"), ran(two.a().data, two.b().data), "and it executed once");
            assertEquals(
                    List.of("events"),
                    column(db, "SELECT via FROM runs WHERE runbook = 'fix.md'"),
                    "recorded as the rule's run");
        }
    }

    /** Rows of the queue for tick.md or fix.md in {@code state} (any state for null). */
    static long ticks(Database db, String state) {
        return count(
                        db,
                        "SELECT 'n', COUNT(*) FROM run_queue WHERE runbook IN ('tick.md', 'fix.md')"
                                + (state == null ? "" : " AND state = '" + state + "'"))
                .getOrDefault("n", 0L);
    }

    private static List<String> column(Database db, String sql) {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}

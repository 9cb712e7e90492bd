package dev.tejun.server.cluster;

import static dev.tejun.server.cluster.QueueAcrossServersTest.auditCount;
import static dev.tejun.server.cluster.QueueAcrossServersTest.count;
import static dev.tejun.server.cluster.QueueAcrossServersTest.ran;
import static dev.tejun.server.cluster.QueueAcrossServersTest.runbook;
import static dev.tejun.server.cluster.QueueFailoverTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestPostgres;
import dev.tejun.server.Json;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.runs.RunIndex;
import dev.tejun.server.runs.queue.RunQueue;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three servers on one PostgreSQL (issue 19): REST runs submitted through all three and an every-second schedule are
 * spread over them; one, a child JVM, is killed ({@code kill -9}) part-way. The two living servers take over what
 * it left: the runs it had started are marked interrupted and never run again, what it had only claimed and what
 * was still queued runs on them, the schedule goes on firing through them, and nothing runs twice.
 */
class ThreeServersTest {

    /** Three places each, so most runs wait in the queue; a lease a busy machine's late beat does not pass. */
    private static final String YAML = "runs.capacity: 3\ncluster.lease-seconds: 10\n";

    private static final int RUNS = 150;

    /** One line in the run's own work folder per execution of a scheduled run. */
    private static final String TICK = "# Tick\n\n```sh\necho tick >> \"$HOME/ticked\"\n```\n";

    @TempDir
    Path temp;

    @Test
    void kill9_oneOfThree_theOtherTwoTakeItsQueueAndSchedule_nothingRunsTwice() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.freshDatabase();
        try (TestServer a = QueueAcrossServersTest.member(temp.resolve("a"), pg, url, yaml("a"));
                TestServer b = QueueAcrossServersTest.member(temp.resolve("b"), pg, url, yaml("b"))) {
            QueueAcrossServersTest.Child c = QueueAcrossServersTest.child(temp.resolve("c"), url, pg.user(), yaml("c"));
            try {
                for (Path runbooks : List.of(a.runbooks, b.runbooks, temp.resolve("c/runbooks"))) {
                    Files.writeString(runbooks.resolve("count.md"), runbook("0.3"));
                    Files.writeString(runbooks.resolve("tick.md"), TICK);
                }
                Database db = a.cmdb.database();
                HttpResponse<String> made =
                        a.post("/api/schedules", "{\"target\":\"tick.md\",\"cron\":\"* * * * * ?\"}");
                assertEquals(201, made.statusCode(), made.body());
                String schedule = Json.MAPPER.readTree(made.body()).path("id").asText();
                Map<String, Integer> ids = QueueAcrossServersTest.submit(
                        List.of(
                                new QueueAcrossServersTest.Endpoint(a.server.baseUrl(), a.token),
                                new QueueAcrossServersTest.Endpoint(b.server.baseUrl(), b.token),
                                c.endpoint()),
                        RUNS);
                awaitAllRunning(db);

                c.process().destroyForcibly(); // SIGKILL: no clean stop, no goodbye
                c.process().waitFor(10, TimeUnit.SECONDS);
                long firedBefore = fires(db, schedule, null);
                awaitCounted(db);
                Await.until(
                        () -> fires(db, schedule, "a") + fires(db, schedule, "b") >= firedBefore + 3,
                        "the schedule fired on through the living servers");
                assertEquals(
                        204,
                        a.as(a.token, "DELETE", "/api/schedules/" + schedule, null)
                                .statusCode());
                Thread.sleep(6000); // the servers read the schedules again within 5 s: no fire time after this
                Await.until(() -> open(db, "tick.md") == 0, "every scheduled run ended");

                Map<String, String> stateOf = text(db, "SELECT run_id, state FROM run_queue");
                Map<String, String> holder = text(db, "SELECT run_id, claimed_by FROM run_queue");
                List<String> interrupted = new ArrayList<>();
                List<String> done = new ArrayList<>();
                for (String id : ids.keySet()) {
                    (stateOf.get(id).equals(RunQueue.DONE) ? done : interrupted).add(id);
                    assertTrue(
                            Set.of(RunQueue.DONE, RunQueue.INTERRUPTED).contains(stateOf.get(id)),
                            id + " ended: " + stateOf.get(id));
                }
                assertTrue(interrupted.size() <= 3, "at most the dead server's places were cut off: " + interrupted);
                interrupted.forEach(id -> assertEquals("c", holder.get(id), id + " was interrupted on c"));
                Map<String, Long> doneBy = new HashMap<>();
                done.forEach(id -> doneBy.merge(holder.get(id), 1L, Long::sum));
                assertEquals(Set.of("a", "b", "c"), doneBy.keySet(), "runs spread over the three: " + doneBy);

                // each run executed at most once, every one that ended done exactly once, wherever it ran
                List<Path> data = List.of(a.data, b.data, temp.resolve("c/data"));
                QueueAcrossServersTest.assertEachRanOnce(ran(data.toArray(Path[]::new)), ids, done);
                Map<String, String> status = text(db, "SELECT run_id, status FROM runs");
                interrupted.forEach(id -> assertEquals(RunIndex.INTERRUPTED, status.get(id), id));
                Map<String, Long> starts = auditCount(db, "execution.start");
                Map<String, Long> ends = auditCount(db, "execution.end");
                for (String id : ids.keySet()) {
                    assertTrue(starts.getOrDefault(id, 0L) <= 1, "audited starts of " + id);
                    if (!holder.get(id).equals("c")) {
                        assertEquals(1L, ends.getOrDefault(id, 0L), "audited ends of " + id);
                    }
                }

                // the schedule: each fire time handled by one server, each of its runs queued once and run once
                List<String> times = column(db, "SELECT fire_time FROM sched_runs WHERE schedule_id = ?", schedule);
                assertEquals(times.size(), new HashSet<>(times).size(), "each fire time handled once: " + times);
                Map<String, String> tickState =
                        text(db, "SELECT run_id, state FROM run_queue WHERE runbook = 'tick.md'");
                List<String> fired = column(
                        db, "SELECT run_id FROM sched_runs WHERE run_id IS NOT NULL AND schedule_id = ?", schedule);
                assertEquals(fired.size(), Set.copyOf(fired).size(), "no run twice in the schedule's history");
                // c's fire times that it was waiting for when it died have no run id in their row (it is written at
                // the end); their runs are in the queue all the same, one per fire time
                assertTrue(tickState.keySet().containsAll(fired), "each fire time's run is a row of the queue");
                assertTrue(
                        tickState.size() <= times.size(),
                        tickState.size() + " runs for " + times.size() + " fire times");
                long ticksDone = tickState.values().stream()
                        .filter(RunQueue.DONE::equals)
                        .count();
                long ticksCut = tickState.values().stream()
                        .filter(RunQueue.INTERRUPTED::equals)
                        .count();
                int executed = QueueAcrossServersTest.written("ticked", data.toArray(Path[]::new))
                        .size();
                assertTrue(
                        executed >= ticksDone && executed <= ticksDone + ticksCut,
                        executed + " executions of " + ticksDone + " scheduled runs done (" + ticksCut + " cut off)");
                assertFalse(
                        column(db, "SELECT name FROM servers WHERE name = ?", "a")
                                .isEmpty(),
                        "a is still a member");
            } finally {
                c.process().destroyForcibly();
            }
        }
    }

    private static String yaml(String name) {
        return YAML + "cluster.node-name: " + name + "\n";
    }

    /** Waits until each of the three has started runs and some have ended, so the kill cuts the dead one off. */
    private static void awaitAllRunning(Database db) throws Exception {
        Set<String> seen = new HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            seen.addAll(count(
                            db,
                            "SELECT claimed_by, COUNT(*) FROM run_queue WHERE runbook = 'count.md' AND state = 'started'"
                                    + " GROUP BY claimed_by")
                    .keySet());
            long done = count(db, "SELECT 'n', COUNT(*) FROM run_queue WHERE runbook = 'count.md' AND state = 'done'")
                    .getOrDefault("n", 0L);
            if (seen.containsAll(Set.of("a", "b", "c")) && done >= 20 && startedOn(db, "c")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the three servers did not all run within 5 minutes: " + seen);
    }

    private static boolean startedOn(Database db, String server) {
        return !column(db, "SELECT run_id FROM run_queue WHERE state = 'started' AND claimed_by = ?", server)
                .isEmpty();
    }

    /** Waits until no count.md run is open; the bound only keeps a broken queue from hanging the build. */
    private static void awaitCounted(Database db) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (open(db, "count.md") > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("runs still open after 10 minutes: " + QueueAcrossServersTest.states(db));
            }
            Thread.sleep(200);
        }
    }

    /** Rows of {@code runbook} in the queue that are queued, claimed or started. */
    private static long open(Database db, String runbook) {
        return count(
                        db,
                        "SELECT 'n', COUNT(*) FROM run_queue WHERE runbook = '" + runbook
                                + "' AND state IN ('queued', 'claimed', 'started')")
                .getOrDefault("n", 0L);
    }

    /** Fire times of {@code schedule} handled by {@code server} (any server for null). */
    private static long fires(Database db, String schedule, String server) {
        return column(
                        db,
                        "SELECT fire_time FROM sched_runs WHERE schedule_id = ?"
                                + (server == null ? "" : " AND server = '" + server + "'"),
                        schedule)
                .size();
    }

    private static List<String> column(Database db, String sql, String value) {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (var ps = c.prepareStatement(sql)) {
                ps.setString(1, value);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }
}

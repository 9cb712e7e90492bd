package dev.tejun.server.cluster;

import static dev.tejun.server.cluster.QueueAcrossServersTest.auditCount;
import static dev.tejun.server.cluster.QueueAcrossServersTest.awaitFinal;
import static dev.tejun.server.cluster.QueueAcrossServersTest.count;
import static dev.tejun.server.cluster.QueueAcrossServersTest.ran;
import static dev.tejun.server.cluster.QueueAcrossServersTest.runbook;
import static dev.tejun.server.cluster.QueueAcrossServersTest.settings;
import static dev.tejun.server.cluster.QueueAcrossServersTest.states;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.testing.TestPostgres;
import dev.tejun.server.Json;
import dev.tejun.server.audit.Via;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.runs.RunIndex;
import dev.tejun.server.runs.queue.QueuedRun;
import dev.tejun.server.runs.queue.RunQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that dies holding queued runs: what it had started is marked interrupted and never run again; what it had
 * only claimed, and everything still queued, is run by a living server.
 */
class QueueFailoverTest {

    /** Short enough for a quick test, long enough that a busy machine's late heartbeat is no death. */
    private static final String YAML = "runs.capacity: 4\ncluster.lease-seconds: 10\n";

    private static final int RUNS = 200;

    @TempDir
    Path temp;

    @Test
    void kill9_serverPartWay_startedRunsInterruptedOthersRunOnceByTheLivingServer() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.freshDatabase();
        try (TestServer a = QueueAcrossServersTest.member(temp.resolve("a"), pg, url, YAML)) {
            a.write("count.md", runbook("0.3"));
            QueueAcrossServersTest.Child b = QueueAcrossServersTest.child(temp.resolve("b"), url, pg.user(), YAML);
            try {
                Files.writeString(temp.resolve("b/runbooks/count.md"), runbook("0.3"));
                Map<String, Integer> ids = QueueAcrossServersTest.submit(
                        List.of(new QueueAcrossServersTest.Endpoint(a.server.baseUrl(), a.token), b.endpoint()), RUNS);
                Database db = a.cmdb.database();
                String nameB = awaitRunning(db, a.server.node().orElseThrow().name());

                b.process().destroyForcibly(); // SIGKILL: no clean stop
                b.process().waitFor(10, TimeUnit.SECONDS);
                awaitFinal(db, RUNS);

                Map<String, String> stateOf = text(db, "SELECT run_id, state FROM run_queue");
                Map<String, String> holder = text(db, "SELECT run_id, claimed_by FROM run_queue");
                List<String> interrupted = ids.keySet().stream()
                        .filter(id -> stateOf.get(id).equals(RunQueue.INTERRUPTED))
                        .toList();
                List<String> done = ids.keySet().stream()
                        .filter(id -> stateOf.get(id).equals(RunQueue.DONE))
                        .toList();
                assertEquals(RUNS, interrupted.size() + done.size(), "every run ended: " + states(db));
                assertFalse(interrupted.isEmpty(), "the killed server was running some");
                assertTrue(interrupted.size() <= 4, "at most its capacity were running: " + interrupted);
                interrupted.forEach(id -> assertEquals(nameB, holder.get(id), "interrupted on the dead server"));
                // each run executed at most once; every one that ended done exactly once
                QueueAcrossServersTest.assertEachRanOnce(ran(a.data, temp.resolve("b/data")), ids, done);
                Map<String, String> status = text(db, "SELECT run_id, status FROM runs");
                interrupted.forEach(id -> assertEquals(RunIndex.INTERRUPTED, status.get(id), id));
                Map<String, Long> starts = auditCount(db, "execution.start");
                ids.keySet().forEach(id -> assertTrue(starts.getOrDefault(id, 0L) <= 1, "audited starts of " + id));
                Map<String, Long> ends = auditCount(db, "execution.end");
                done.stream()
                        .filter(id -> !holder.get(id).equals(nameB))
                        .forEach(id -> assertEquals(1L, ends.getOrDefault(id, 0L), "audited ends of " + id));
                interrupted.forEach(id -> assertTrue(ends.getOrDefault(id, 0L) >= 1, "audited end of " + id));
            } finally {
                b.process().destroyForcibly();
            }
        }
    }

    @Test
    void serverGone_claimedRunQueuedAgainAndRun_startedRunInterruptedNotRerun() throws Exception {
        DatabaseSettings settings = freshDatabase();
        try (Database first = Database.open(settings)) {
            // a server named ghost claimed two runs and died before the others started: one only claimed, one started
            RunQueue queue = new RunQueue(first, Json.newMapper(), Clock.systemUTC());
            queue.enqueue(run("run-claimed", "1"), "ghost");
            queue.enqueue(run("run-started", "2"), "ghost");
            assertTrue(queue.claim("run-claimed", "ghost").isPresent());
            assertTrue(queue.claim("run-started", "ghost").isPresent());
            assertTrue(queue.started("run-started", "ghost"));
        }
        // the runbook is there before the server starts: it takes the run back at once
        Files.createDirectories(temp.resolve("a/runbooks"));
        Files.writeString(temp.resolve("a/runbooks/count.md"), runbook("0"));
        try (TestServer a = new TestServer(temp.resolve("a"), settings, c -> c.with(settings(YAML)))) {
            Database db = a.cmdb.database();
            awaitFinal(db, 2);
            assertEquals(
                    Map.of("run-claimed", RunQueue.DONE, "run-started", RunQueue.INTERRUPTED),
                    text(db, "SELECT run_id, state FROM run_queue"));
            assertEquals(List.of("1"), ran(a.data), "the claimed run ran, the started one did not");
            RunIndex index = new RunIndex(db, Json.newMapper());
            assertEquals(Optional.of("OK"), index.status("run-claimed"));
            assertEquals(Optional.of(RunIndex.INTERRUPTED), index.status("run-started"));
            assertEquals(1L, auditCount(db, "execution.end").get("run-started"), "its end is audited");
        }
    }

    /**
     * A server that died after its run ended and was recorded (run index, audit) but before it wrote {@code done}
     * in the queue: the run is done as its row says, not interrupted, and its end is not audited a second time.
     */
    @Test
    void serverGone_startedRunThatHadEnded_doneAsItsRowSaysNotInterrupted() throws Exception {
        DatabaseSettings settings = freshDatabase();
        try (Database first = Database.open(settings)) {
            RunQueue queue = new RunQueue(first, Json.newMapper(), Clock.systemUTC());
            queue.enqueue(run("run-ended", "1"), "ghost");
            assertTrue(queue.claim("run-ended", "ghost").isPresent());
            assertTrue(queue.started("run-ended", "ghost"));
            RunIndex index = new RunIndex(first, Json.newMapper());
            index.started("run-ended", "count.md", "tester", "api", java.time.Instant.now());
            index.ended("run-ended", "OK", java.time.Instant.now());
        }
        try (TestServer a = new TestServer(temp.resolve("a"), settings, c -> c.with(settings(YAML)))) {
            Database db = a.cmdb.database();
            awaitFinal(db, 1);
            assertEquals(
                    Map.of("run-ended", RunQueue.DONE + " ok"),
                    text(db, "SELECT run_id, state || ' ' || outcome FROM run_queue"));
            assertEquals(Optional.of("OK"), new RunIndex(db, Json.newMapper()).status("run-ended"));
            assertEquals(Map.of(), auditCount(db, "execution.end"), "its server audited its end (not here)");
        }
    }

    /** Server a's data folder on a fresh database of the test PostgreSQL. */
    private DatabaseSettings freshDatabase() {
        TestPostgres pg = TestPostgres.get();
        return new DatabaseSettings(temp.resolve("a/data"), pg.freshDatabase(), pg.user(), null);
    }

    private static QueuedRun run(String id, String n) {
        return new QueuedRun(
                id,
                "count.md",
                Map.of("n", n),
                List.of(),
                null,
                false,
                "tester",
                Via.API,
                "api",
                null,
                runbook("0"),
                List.of());
    }

    /** Waits until both servers run queued runs; answers the other server's name. */
    private static String awaitRunning(Database db, String me) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            Map<String, Long> started =
                    count(db, "SELECT claimed_by, COUNT(*) FROM run_queue WHERE state = 'started' GROUP BY claimed_by");
            Map<String, Long> done = count(db, "SELECT state, COUNT(*) FROM run_queue GROUP BY state");
            Optional<String> other =
                    started.keySet().stream().filter(s -> !s.equals(me)).findFirst();
            if (other.isPresent() && done.getOrDefault(RunQueue.DONE, 0L) >= 20) {
                return other.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the other server ran nothing within 5 minutes");
    }

    /** The first two columns of {@code sql}'s rows as a map. */
    static Map<String, String> text(Database db, String sql) {
        return db.read(c -> {
            Map<String, String> out = new HashMap<>();
            try (var ps = c.prepareStatement(sql);
                    var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        });
    }
}

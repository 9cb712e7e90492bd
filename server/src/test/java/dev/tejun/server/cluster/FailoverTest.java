package dev.tejun.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.Json;
import dev.tejun.server.runs.RunIndex;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster member in a child JVM holds a running run and is killed ({@code kill -9}): the living server's heartbeat
 * marks that run interrupted within the lease (plus a beat), and lists the dead server as not alive; while the
 * member lived, the same sweeps left its run alone.
 */
class FailoverTest {

    private static final Duration LEASE = Duration.ofSeconds(3);

    @TempDir
    Path home;

    @Test
    void beat_memberKilled_itsRunInterruptedWithinLease() throws Exception {
        DatabaseSettings settings = TestDatabases.postgresql(home);
        try (Database db = Database.open(settings)) {
            RunIndex index = new RunIndex(db, Json.newMapper());
            ServerLeases leases = new ServerLeases(db);
            Process child = child(settings, "member-a", "run-a");
            try (ClusterHeartbeat living =
                    ClusterHeartbeat.start(new ClusterNode("member-b", null), leases, index, List::of, LEASE)) {
                Thread.sleep(LEASE.plusSeconds(1).toMillis()); // longer than the lease: only the beats keep it
                living.beat();
                assertEquals(Optional.of(RunIndex.RUNNING), index.status("run-a"), "a living member's run stays");

                child.destroyForcibly(); // SIGKILL: no clean stop, no leaving the list
                child.waitFor(10, TimeUnit.SECONDS);
                long killed = System.nanoTime();
                while (!index.status("run-a").orElseThrow().equals(RunIndex.INTERRUPTED)
                        && System.nanoTime() - killed < LEASE.plusSeconds(15).toNanos()) {
                    Thread.sleep(50);
                }
                Duration took = Duration.ofNanos(System.nanoTime() - killed);

                assertEquals(Optional.of(RunIndex.INTERRUPTED), index.status("run-a"));
                assertTrue(took.compareTo(LEASE.plusSeconds(5)) <= 0, "interrupted after " + took);
                System.out.println("failover: run interrupted " + took.toMillis() + " ms after kill -9 (lease "
                        + LEASE.toSeconds() + " s)");
                ServerLeases.Server dead = leases.list().stream()
                        .filter(s -> s.name().equals("member-a"))
                        .findFirst()
                        .orElseThrow();
                assertFalse(dead.alive(Instant.now()));
            } finally {
                child.destroyForcibly();
            }
        }
    }

    /** A {@link HeartbeatChild} on the database of {@code settings}, once it said it is ready. */
    private Process child(DatabaseSettings settings, String node, String runId) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        classpath,
                        HeartbeatChild.class.getName(),
                        home.toString(),
                        settings.url(),
                        settings.user(),
                        node,
                        Long.toString(LEASE.toSeconds()),
                        runId)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("ready")) {
            // the child's other output (logging) is not ours to read
        }
        if (line == null) {
            throw new IllegalStateException("the child member ended before it was ready: " + p.waitFor());
        }
        return p;
    }
}

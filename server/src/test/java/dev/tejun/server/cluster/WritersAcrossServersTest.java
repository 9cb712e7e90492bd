package dev.tejun.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.alert.SuppressionState;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import dev.tejun.server.events.SuppressionTable;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL are two {@link Database} objects, each with its own JVM write lock: the stores that
 * read and then write must not fork what they share. Without {@link Database#lockFor} both read one last audit hash
 * and the chain breaks; both count one rule's runs and its limit is passed.
 */
class WritersAcrossServersTest {

    private static final int PER_SERVER = 150;

    @TempDir
    Path home;

    @Test
    void append_twoDatabasesOnOnePostgres_chainVerifies() throws Exception {
        var settings = TestDatabases.postgresql(home);
        try (Database a = Database.open(settings);
                Database b = Database.open(settings)) {
            AuditLog logA = new AuditLog(a, Clock.systemUTC());
            AuditLog logB = new AuditLog(b, Clock.systemUTC());
            List<Throwable> failures = both(
                    () -> logA.append("a", Via.API, "test.append", "x", "ok", null, null),
                    () -> logB.append("b", Via.CLI, "test.append", "x", "ok", null, null));

            assertEquals(List.of(), failures, "no append may fail");
            AuditLog.Verification v = logA.verify();
            assertTrue(v.ok(), "chain breaks at " + v.brokenAt() + ": " + v.problem());
            assertEquals(2 * PER_SERVER, v.entries());
        }
    }

    @Test
    void admit_twoDatabasesCountOneLimit_limitHolds() throws Exception {
        var settings = TestDatabases.postgresql(home);
        try (Database a = Database.open(settings);
                Database b = Database.open(settings)) {
            SuppressionState[] states = {new SuppressionTable(a), new SuppressionTable(b)};
            AtomicInteger admitted = new AtomicInteger();
            Instant now = Instant.parse("2026-12-04T00:00:00Z");
            List<Runnable> sides = new ArrayList<>();
            for (SuppressionState state : states) {
                // what Triage.admit does for a rule limited to 3 runs per hour
                sides.add(() -> state.exclusively(() -> {
                    if (state.runsAfter("r", "k", now.minus(Duration.ofHours(1)))
                                    .size()
                            < 3) {
                        pause(); // Triage decides between the count and the record: the window a race needs
                        state.ran("r", "k", now);
                        admitted.incrementAndGet();
                    }
                    return null;
                }));
            }

            assertEquals(List.of(), both(sides.get(0), sides.get(1)));
            assertEquals(3, admitted.get());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code a} and {@code b} {@link #PER_SERVER} times each, side by side, started together. */
    private static List<Throwable> both(Runnable a, Runnable b) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Throwable> failures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> running = new ArrayList<>();
            for (Runnable side : List.of(a, b, a, b)) {
                running.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < PER_SERVER / 2; i++) {
                        side.run();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
        }
        return failures;
    }
}

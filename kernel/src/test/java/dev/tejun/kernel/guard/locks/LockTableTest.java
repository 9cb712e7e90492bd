package dev.tejun.kernel.guard.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock table on its own, with a fake clock for the leases (on PostgreSQL too with -Dtejun.test.database). */
class LockTableTest {

    private static final long LEASE = 30_000;

    @TempDir
    Path tmp;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-03T10:00:00Z"));
    private Database db;
    private LockTable table;

    @BeforeEach
    void open() {
        db = TestDatabases.open(tmp);
        table = new LockTable(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private LockTable.Attempt attempt(String owner, boolean join, String... keys) {
        return table.tryAcquire(List.of(keys), owner, "ops/" + owner + ".md", clock.instant(), LEASE, join);
    }

    @Test
    void tryAcquire_heldByLiveRun_notTakenNamingHolder() {
        assertTrue(attempt("run-a", true, "db:main").taken());
        LockTable.Attempt b = attempt("run-b", false, "db:main");
        assertFalse(b.taken());
        assertEquals("db:main (run run-a)", b.heldBy());
        assertTrue(attempt("run-c", true, "db:other").taken());
    }

    @Test
    void tryAcquire_leaseRanOut_staleLockTakenOver() {
        assertTrue(attempt("dead-process-run", true, "db:main").taken());
        clock.advance(Duration.ofSeconds(29));
        assertFalse(attempt("run-b", false, "db:main").taken());
        clock.advance(Duration.ofSeconds(2)); // the dead process never renewed: its lease ran out
        assertTrue(attempt("run-b", false, "db:main").taken());
        assertEquals("run-b", table.holders(clock.instant()).getFirst().runId());
    }

    @Test
    void tryAcquire_queued_inOrderWithPositions() {
        assertTrue(attempt("run-a", true, "db:main").taken());
        assertEquals(1, attempt("run-b", true, "db:main").position());
        assertEquals(2, attempt("run-c", true, "db:main").position());
        assertEquals(
                List.of("run-b:1", "run-c:2"),
                table.waiters(clock.instant()).stream()
                        .map(w -> w.runId() + ":" + w.position())
                        .toList());
        table.release("run-a");
        // run-c may not jump the queue: run-b is first
        assertFalse(attempt("run-c", true, "db:main").taken());
        assertTrue(attempt("run-b", true, "db:main").taken());
        table.release("run-b");
        assertTrue(attempt("run-c", true, "db:main").taken());
    }

    @Test
    void tryAcquire_severalLocks_allOrNone() {
        assertTrue(attempt("run-a", true, "host:web1").taken());
        assertFalse(attempt("run-b", false, "db:main", "host:web1").taken());
        // db:main was not kept by the failed attempt
        assertTrue(attempt("run-c", false, "db:main").taken());
    }

    @Test
    void resolve_paramValue_isOnlyEverALockName() {
        LockDeclaration d = LockDeclaration.fromKeys(Map.of("locks", List.of("db:${params.db}", "host:${params.h}")));
        assertEquals(List.of("db:$(rm -rf /); x", "host:web1"), d.resolve(Map.of("db", "$(rm -rf /); x", "h", "web1")));
        assertThrows(IllegalArgumentException.class, () -> d.resolve(Map.of("db", "a")));
        assertThrows(IllegalArgumentException.class, () -> d.resolve(Map.of("db", "a\nb", "h", "x")));
    }
}

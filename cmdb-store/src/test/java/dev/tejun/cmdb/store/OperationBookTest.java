package dev.tejun.cmdb.store;

import static dev.tejun.cmdb.testing.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.HostsSheet;
import dev.tejun.cmdb.model.Operation;
import dev.tejun.cmdb.model.OperationStatus;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operation list on a real database file (and on PostgreSQL in the build's second pass). */
class OperationBookTest {

    @TempDir
    Path home;

    final FakeClock clock = new FakeClock(Instant.parse("2026-10-01T00:00:00Z"));

    @AutoClose
    CmdbStore cmdb;

    OperationBook ops;

    @BeforeEach
    void open() {
        cmdb = new CmdbStore(TestDatabases.settings(home), clock);
        ops = cmdb.operations();
    }

    private static Operation.Draft draft(String name, String planned) {
        return new Operation.Draft(name, planned == null ? null : ZonedDateTime.parse(planned), "alice", "notes");
    }

    @Test
    void create_keepsPlannedTimeWithItsZone_andListsInPlannedOrder() {
        ops.create(draft("late", "2026-11-02T10:00+09:00[Asia/Tokyo]"), ALICE);
        ops.create(draft("unplanned", null), ALICE);
        ops.create(draft("early", "2026-11-01T10:00+09:00[Asia/Tokyo]"), ALICE);
        List<Operation> all = ops.list();
        assertEquals(
                List.of("early", "late", "unplanned"),
                all.stream().map(Operation::name).toList());
        Operation early = all.getFirst();
        assertEquals(ZonedDateTime.parse("2026-11-01T10:00+09:00[Asia/Tokyo]"), early.planned());
        assertEquals(OperationStatus.PLANNED, early.status());
        assertEquals(1, early.version());
        assertEquals("alice", early.updatedBy());
        assertNull(all.getLast().planned());
    }

    @Test
    void create_sameNameTwice_refusedAndFirstKept() {
        ops.create(draft("patch", null), ALICE);
        OperationRefused e = assertThrows(OperationRefused.class, () -> ops.create(draft("patch", null), ALICE));
        assertTrue(e.getMessage().contains("exists already"), e.getMessage());
        assertEquals(1, ops.list().size());
    }

    @Test
    void update_staleVersion_refusedAndNothingChanged() {
        ops.create(draft("patch", null), ALICE);
        Operation v2 = ops.update("patch", 1, new Operation.Draft("patch", null, "bob", "moved"), ALICE);
        assertEquals(2, v2.version());
        assertEquals("bob", v2.owner());
        assertThrows(
                OperationRefused.class,
                () -> ops.update("patch", 1, new Operation.Draft("patch", null, "carol", "x"), ALICE));
        assertEquals("bob", ops.get("patch").orElseThrow().owner());
    }

    @Test
    void runLifecycle_startedThenEnded_runningThenDoneOrFailed() {
        ops.create(draft("patch", null), ALICE);
        Operation running = ops.started("patch", Operation.LinkKind.RUN, "run-1", ALICE);
        assertEquals(OperationStatus.RUNNING, running.status());
        clock.advance(Duration.ofSeconds(1));
        ops.started("patch", Operation.LinkKind.FLOW, "flow-1", ALICE);
        clock.advance(Duration.ofMinutes(1));
        assertEquals(
                OperationStatus.RUNNING,
                ops.ended("patch", Operation.LinkKind.RUN, "run-1", "ok", ALICE).status(),
                "the flow still runs");
        Operation failed = ops.ended("patch", Operation.LinkKind.FLOW, "flow-1", "failed", ALICE);
        assertEquals(OperationStatus.FAILED, failed.status());
        assertEquals(
                List.of("ok", "failed"),
                failed.links().stream().map(Operation.Link::outcome).toList());
        ops.started("patch", Operation.LinkKind.RUN, "run-2", ALICE);
        assertEquals(
                OperationStatus.DONE,
                ops.ended("patch", Operation.LinkKind.RUN, "run-2", "ok", ALICE).status());
    }

    @Test
    void cancel_whileRunning_refused_afterwardsNoRunsTaken() {
        ops.create(draft("patch", null), ALICE);
        ops.started("patch", Operation.LinkKind.RUN, "run-1", ALICE);
        assertThrows(OperationRefused.class, () -> ops.cancel("patch", 2, ALICE));
        Operation done = ops.ended("patch", Operation.LinkKind.RUN, "run-1", "ok", ALICE);
        Operation cancelled = ops.cancel("patch", done.version(), ALICE);
        assertEquals(OperationStatus.CANCELLED, cancelled.status());
        assertThrows(OperationRefused.class, () -> ops.checkRunnable("patch"));
        assertThrows(OperationRefused.class, () -> ops.started("patch", Operation.LinkKind.RUN, "run-2", ALICE));
        assertEquals(1, ops.get("patch").orElseThrow().links().size());
    }

    @Test
    void checkRunnable_unknownName_refusedNamingIt_rowsOnlyOperationAccepted() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> ops.checkRunnable("nope"));
        assertTrue(e.getMessage().contains("unknown operation 'nope'"), e.getMessage());
        cmdb.register(HostsSheet.NAME, RowDraft.host("web1", "legacy-op", Map.of("address", "127.0.0.1")), ALICE);
        ops.checkRunnable("legacy-op");
        Operation made = ops.started("legacy-op", Operation.LinkKind.RUN, "run-9", ALICE);
        assertEquals(OperationStatus.RUNNING, made.status(), "a rows-only operation gets its record when it runs");
    }
}

package dev.tejun.server.cmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.Operation;
import dev.tejun.cmdb.model.OperationStatus;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.ClosingSession;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end of a run made for an operation is recorded even when the run's session is closed just as the run ends,
 * as the server's run queue closes a REST run's session. Closing a session interrupts its thread; on PostgreSQL an
 * interrupt in the middle of a JDBC call closes the connection, so the end must not be written on that thread.
 */
class OperationRunsEndTest {

    private static final String RUNBOOK = """
            ---
            params:
              operation: { default: "" }
            ---
            ```sh {#a}
            print patched
            ```
            """;

    @TempDir
    Path home;

    @Test
    void track_sessionClosedAsTheRunEnds_operationDoneAndEndAudited() throws Exception {
        Clock clock = Clock.systemUTC();
        try (Database db = Database.open(TestDatabases.postgresql(home))) {
            CmdbStore cmdb = new CmdbStore(db, clock);
            AuditLog audit = new AuditLog(db, clock);
            cmdb.operations().create(new Operation.Draft("patch-7", null, "ed", ""), new Actor("ed", Channel.API));
            OperationRuns operationRuns = new OperationRuns(cmdb, audit);

            ClosingSession closing = new ClosingSession(home, RUNBOOK, Map.of("operation", "patch-7"));
            Session.RunHandle run = closing.run("ed");
            operationRuns.track("ed", Via.API, closing.session(), run);
            closing.go();

            assertEquals(CellStatus.OK, run.finished().get(30, TimeUnit.SECONDS).status());
            Await.until(
                    () -> cmdb.operations().get("patch-7").orElseThrow().status() == OperationStatus.DONE,
                    "operation patch-7 done");
            // the operation's status moves first, its audit entry right after, on the run's end thread
            Await.until(
                    () -> audit.query(new AuditLog.Filter(null, "operation.run-ended", null, null, 10))
                                    .size()
                            == 1,
                    "the run's end audited");
            List<AuditEntry> ended = audit.query(new AuditLog.Filter(null, "operation.run-ended", null, null, 10));
            assertEquals(1, ended.size());
            assertEquals("run " + run.runId() + " ok", ended.getFirst().detail());
        }
    }
}

package dev.tejun.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.fixtures.ClosingSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow node's run under {@code tejun run} is recorded whole (its row from its evidence, its end audited) even when
 * its session is closed just as the run ends, as the flow closes a node's session. Closing a session interrupts its
 * thread; on a data folder whose database is PostgreSQL an interrupted thread gets no connection from the pool, so
 * the record must not be written on that thread.
 */
class CliNodeRunEndTest {

    @TempDir
    Path home;

    @Test
    void nodeRun_sessionClosedAsTheRunEnds_rowFromItsEvidenceAndEndAudited() throws Exception {
        try (Database db = Database.open(TestDatabases.postgresql(home))) {
            ClosingSession closing = new ClosingSession(home, "# Step\n\n```sh {#a}\nprint step\n```\n", Map.of());
            Session.RunHandle run = closing.run("ops");
            try (CliRunRecord record =
                    new CliRunRecord(db, "ops", "tiny.flow.yaml", ProofKey.open(home), HeadExport.NONE)) {
                record.nodeRun(closing.session(), run);
                closing.go();
                assertEquals(
                        CellStatus.OK, run.finished().get(30, TimeUnit.SECONDS).status());
            } // waits for the run's record

            AuditLog audit = new AuditLog(db, java.time.Clock.systemUTC());
            List<AuditEntry> ends = audit.query(new AuditLog.Filter(null, "execution.end", null, null, 10));
            assertEquals(1, ends.size());
            assertTrue(
                    ends.getFirst().detail().matches("\\{\"runId\":\"[^\"]+\",\"manifest\":\"[0-9a-f]{64}\"}"),
                    "the row was made from the run's evidence: "
                            + ends.getFirst().detail());
            RunIndex.RunRow row =
                    new RunIndex(db, Json.newMapper()).row(run.runId()).orElseThrow();
            assertEquals("OK", row.status());
        }
    }
}

package dev.tejun.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.HostStatus;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.evidence.GitInfo;
import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.evidence.RunInfo;
import dev.tejun.kernel.evidence.RunRecorder;
import dev.tejun.kernel.evidence.RunSummary;
import dev.tejun.server.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's index row is built from what its recorder held when it sealed the run, and is the row its files give
 * when they are read back (the way for runs sealed by another process).
 */
class RunIndexSummaryTest {

    @TempDir
    Path temp;

    @Test
    void record_summaryFromMemory_sameRowAsReadBackFromItsFiles() throws Exception {
        EvidenceStore store = new EvidenceStore(temp.resolve("evidence"), Clock.systemUTC());
        String runId = store.newRunId();
        RunRecorder r = store.begin(new RunInfo(
                runId,
                "patch.md",
                "# Patch\n".getBytes(StandardCharsets.UTF_8),
                GitInfo.NONE,
                Map.of(),
                "alice",
                "web",
                Instant.now()));
        Instant now = Instant.now();
        r.cellStarted(new CellStarted(1, now, runId, "a", "ansible", "x"));
        r.hostStatus(new HostStatus(2, now, runId, "a", "web2", "ok", null));
        r.hostStatus(new HostStatus(3, now, runId, "a", "web1", "failed", "down"));
        r.cellFinished(new CellFinished(4, now, runId, "a", CellStatus.FAILED, 2, 5, null));
        r.cellStarted(new CellStarted(5, now, runId, "b", "ssh", "y"));
        r.hostStatus(new HostStatus(6, now, runId, "b", "db1", "ok", null));
        r.cellFinished(new CellFinished(7, now, runId, "b", CellStatus.OK, 0, 5, null));
        Path dir = r.finish(CellStatus.FAILED);

        RunSummary held = store.sealedSummary(runId).orElseThrow();
        assertTrue(store.sealedSummary(runId).isEmpty(), "a summary is handed out once");
        try (Database db = TestDatabases.open(temp)) {
            RunIndex index = new RunIndex(db, Json.MAPPER);
            RunIndex.RunRow fromMemory = index.record(held);
            assertEquals(fromMemory, index.row(runId).orElseThrow());
            assertEquals(index.record(dir), fromMemory);
            assertEquals("db1,web1,web2", fromMemory.hosts());
            assertEquals("FAILED", fromMemory.status());
            assertEquals(Manifest.sha256(dir.resolve(Manifest.FILE)), fromMemory.manifestSha256());
        }
    }
}

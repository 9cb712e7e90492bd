package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import dev.tejun.testing.FakeClock;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun audit archive --before DATE}, then {@code tejun audit verify} across the segment and the table. */
class AuditArchiveCliTest {

    @TempDir
    Path home;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int tejun(String... words) throws Exception {
        return LocalCli.run(out, err, home, Map.of(), words);
    }

    @Test
    void archiveBefore_movesTheOldEntries_verifyPassesAcrossSegmentAndTable_untilTheSegmentIsChanged()
            throws Exception {
        FakeClock clock = new FakeClock(Instant.parse("2026-01-01T09:00:00Z"));
        try (Database db = Database.open(DatabaseSettings.sqlite(home))) {
            AuditLog log = new AuditLog(db, clock, ProofKey.open(home), HeadExport.NONE);
            for (int i = 1; i <= 20; i++) {
                log.append("alice", Via.API, "thing.done", "t" + i, "ok", null, null);
                clock.advance(Duration.ofDays(1));
            }
        }
        assertEquals(2, tejun("audit", "archive", "--before", "last-week"));
        assertTrue(err.toString().contains("neither a day"), err.toString());
        assertEquals(2, tejun("audit", "archive"));

        assertEquals(0, tejun("audit", "archive", "--before", "2026-01-11"), err.toString());
        assertTrue(out.toString().contains("archived entries #1–#10 in 1 signed segment"), out.toString());
        assertEquals(0, tejun("audit", "verify"), err.toString());
        assertTrue(
                out.toString().contains("audit log intact: 21 entries (1 archived segments, then the table)"),
                out.toString());
        try (Database db = Database.open(DatabaseSettings.sqlite(home))) {
            AuditEntry last = new AuditLog(db, clock).last().orElseThrow();
            assertEquals("audit.archive", last.action());
            assertEquals("#1–#10", last.target());
        }
        assertEquals(0, tejun("audit", "archive", "--before", "2026-01-11"));
        assertTrue(out.toString().startsWith("nothing to archive"), out.toString());

        Path segment = home.resolve("audit-archive").resolve("audit-000000000001-000000000010.jsonl");
        Files.writeString(segment, Files.readString(segment).replace("\"t4\"", "\"t5\""));
        assertEquals(1, tejun("audit", "verify"));
        assertTrue(err.toString().contains("entry 4 was changed (hash differs)"), err.toString());
        assertEquals(1, tejun("audit", "archive", "--before", "2026-01-15"));
        assertTrue(err.toString().contains("nothing archived, the audit log is broken"), err.toString());
    }
}

package dev.tejun.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The audit archive on both databases: old entries move into signed segments, verify walks segments and table as
 * one chain, and a segment tampered with, or an entry deleted past the archive mark, is caught.
 */
class AuditArchiveTest {

    static final Instant START = Instant.parse("2026-01-01T09:00:00Z");

    @TempDir
    Path home;

    final FakeClock clock = new FakeClock(START);

    Database open(String backend) {
        DatabaseSettings settings =
                backend.equals("postgresql") ? TestDatabases.postgresql(home) : DatabaseSettings.sqlite(home);
        return Database.open(settings);
    }

    /** A log of 30 entries, one a day from 1 January. */
    AuditLog log(Database db) {
        AuditLog log = new AuditLog(db, clock, ProofKey.open(home), HeadExport.NONE);
        for (int i = 1; i <= 30; i++) {
            log.append("alice", Via.API, "thing.done", "t" + i, "ok", null, null);
            clock.advance(Duration.ofDays(1));
        }
        return log;
    }

    AuditArchive archive(Database db) {
        return new AuditArchive(db, ProofKey.open(home), clock);
    }

    static Instant day(int n) {
        return START.plus(Duration.ofDays(n - 1)).minusSeconds(1); // just before entry n was written
    }

    Path segment(long first, long last) {
        return home.resolve(AuditArchive.FOLDER).resolve(AuditSegment.fileName(first, last));
    }

    static void sql(Database db, String statement) {
        db.write(c -> {
            try (Statement st = c.createStatement()) {
                st.execute(statement);
            }
            return null;
        });
    }

    static long rows(Database db) {
        return db.read(c -> {
            try (Statement st = c.createStatement();
                    var rs = st.executeQuery("SELECT COUNT(*) FROM audit_log")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void archive_movesOldEntriesIntoSegments_verifyWalksSegmentsThenTable(String backend) {
        try (Database db = open(backend)) {
            AuditLog log = log(db);
            List<AuditArchive.Registered> first = archive(db).archive(day(11));
            assertEquals(1, first.size());
            assertEquals(1, first.getFirst().segment().firstId());
            assertEquals(10, first.getFirst().segment().lastId());
            assertTrue(Files.isRegularFile(segment(1, 10)));
            assertEquals(20, rows(db), "entries 11–30 stay in the table");
            AuditLog.Verification v = log.verify();
            assertTrue(v.ok(), v.problem());
            assertEquals(30, v.entries());
            assertEquals(1, v.segments());

            log.append("bob", Via.WEB, "later", null, "ok", null, null); // appends go on after the archive
            assertEquals(
                    2,
                    archive(db).archive(day(21)).size()
                            + archive(db).archive(day(31)).size());
            v = log.verify();
            assertTrue(v.ok(), v.problem());
            assertEquals(31, v.entries());
            assertEquals(3, v.segments());
            assertEquals(1, rows(db), "everything but the newest entry is archived");
            assertTrue(archive(db).archive(day(40)).isEmpty(), "the newest entry always stays in the table");
            assertTrue(Files.isRegularFile(segment(21, 30)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void deletePastTheMark_isRefused_andArchivedOnesGoOnlyThroughTheArchive(String backend) {
        try (Database db = open(backend)) {
            AuditLog log = log(db);
            RuntimeException before =
                    assertThrows(RuntimeException.class, () -> sql(db, "DELETE FROM audit_log WHERE id = 1"));
            assertTrue(message(before).contains("append-only"), message(before));
            archive(db).archive(day(11));
            RuntimeException past =
                    assertThrows(RuntimeException.class, () -> sql(db, "DELETE FROM audit_log WHERE id = 11"));
            assertTrue(message(past).contains("append-only"), message(past));
            assertThrows(RuntimeException.class, () -> sql(db, "UPDATE audit_log SET user_name = 'eve' WHERE id = 12"));
            assertThrows(RuntimeException.class, () -> sql(db, "DELETE FROM audit_archive"));
            assertThrows(RuntimeException.class, () -> sql(db, "UPDATE audit_archive SET last_id = 25"));
            assertEquals(20, rows(db));
            assertTrue(log.verify().ok());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void deletePastTheMark_withTheTriggerDropped_isCaughtByVerify(String backend) {
        try (Database db = open(backend)) {
            AuditLog log = log(db);
            archive(db).archive(day(11));
            sql(
                    db,
                    backend.equals("sqlite")
                            ? "DROP TRIGGER audit_log_no_delete"
                            : "DROP TRIGGER audit_log_no_update ON audit_log");
            sql(db, "DELETE FROM audit_log WHERE id = 11");
            AuditLog.Verification v = log.verify();
            assertFalse(v.ok());
            assertEquals("entry 11 is missing (next is 12)", v.problem());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void tamperedSegment_isCaught(String backend) throws Exception {
        try (Database db = open(backend)) {
            AuditLog log = log(db);
            archive(db).archive(day(6));
            archive(db).archive(day(11));
            Path file = segment(1, 5);
            List<String> original = Files.readAllLines(file, StandardCharsets.UTF_8);

            List<String> changed = new ArrayList<>(original);
            changed.set(3, changed.get(3).replace("\"alice\"", "\"mallory\""));
            assertProblem(log, file, changed, "entry 3 was changed (hash differs)");

            List<String> cut = new ArrayList<>(original);
            cut.remove(2);
            assertProblem(log, file, cut, "entry 2 is missing (next is 3)");

            List<String> lastGone = new ArrayList<>(original.subList(0, original.size() - 1));
            assertProblem(log, file, lastGone, "holds 4 entries, its header says 5");

            List<String> header = new ArrayList<>(original);
            header.set(0, header.get(0).replace("\"entries\":5", "\"entries\":4"));
            assertProblem(log, file, header, "was rewritten without the key (its MAC does not match)");

            Files.delete(file);
            AuditLog.Verification v = log.verify();
            assertFalse(v.ok());
            assertTrue(v.problem().contains("entries #1–#5) is missing"), v.problem());

            Files.write(file, original, StandardCharsets.UTF_8);
            Files.delete(segment(6, 10)); // a later segment gone: the walk cannot reach the table
            v = log.verify();
            assertFalse(v.ok());
            assertTrue(v.problem().contains("entries #6–#10) is missing"), v.problem());
        }
    }

    void assertProblem(AuditLog log, Path file, List<String> lines, String problem) throws Exception {
        List<String> original = Files.readAllLines(file, StandardCharsets.UTF_8);
        Files.write(file, lines, StandardCharsets.UTF_8);
        AuditLog.Verification v = log.verify();
        assertFalse(v.ok(), String.join("\n", lines));
        assertTrue(v.problem().endsWith(problem), v.problem());
        Files.write(file, original, StandardCharsets.UTF_8);
        assertTrue(log.verify().ok(), "the original segment verifies again");
    }

    static String message(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable x = t; x != null; x = x.getCause()) {
            all.append(x.getMessage()).append(" / ");
        }
        return all.toString();
    }
}

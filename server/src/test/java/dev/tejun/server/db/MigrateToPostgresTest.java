package dev.tejun.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.HostsSheet;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.AuditVerifyCommand;
import dev.tejun.server.audit.Via;
import dev.tejun.server.auth.Role;
import dev.tejun.server.auth.UserStore;
import dev.tejun.testing.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tejun db migrate-to postgresql} copies a SQLite data folder's database into an empty PostgreSQL one with
 * nothing lost: users sign in, the audit chain verifies (and goes on), CMDB rows keep their history and as-of
 * answers, generated ids continue after the copied (and deleted) ones; a second copy into the same database is
 * refused and changes nothing.
 */
class MigrateToPostgresTest {

    private static final Actor ALICE = new Actor("alice", Channel.WEB);

    @TempDir
    Path tmp;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-02T09:00:00Z"));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path home;
    private DatabaseSettings postgres;
    private Instant beforeUpdate;
    private long web1;

    @BeforeEach
    void sqliteDataFolder() throws Exception {
        home = Files.createDirectories(tmp.resolve("data"));
        try (Database db = Database.open(DatabaseSettings.sqlite(home))) {
            CmdbStore cmdb = new CmdbStore(db, clock);
            Row row = cmdb.register(HostsSheet.NAME, RowDraft.host("web1", Map.of(HostsSheet.SSH_PORT, 22)), ALICE);
            web1 = row.id();
            clock.advance(Duration.ofHours(1));
            beforeUpdate = clock.instant();
            clock.advance(Duration.ofHours(1));
            cmdb.update(
                    HostsSheet.NAME,
                    web1,
                    row.version(),
                    RowDraft.host("web1", Map.of(HostsSheet.SSH_PORT, 2222)),
                    ALICE);
            new UserStore(db, clock).create("alice", "correct horse battery", EnumSet.of(Role.OPERATOR));
            AuditLog audit = new AuditLog(db, clock);
            for (int i = 0; i < 6; i++) {
                audit.append("alice", Via.WEB, "act", "t" + i, "ok", "127.0.0.1", "{\"n\":" + i + "}");
            }
            // a schedule made and deleted: its id must not come back (AUTOINCREMENT's promise, kept on PostgreSQL)
            db.write(c -> {
                c.createStatement()
                        .executeUpdate("INSERT INTO sched_schedules (id, target, cron, timezone, params, misfire,"
                                + " created_by, created_at) VALUES (7, 'a.md', '* * * * *', 'UTC', '{}', 'skip',"
                                + " 'alice', '2026-11-02T09:00:00Z')");
                return c.createStatement().executeUpdate("DELETE FROM sched_schedules WHERE id = 7");
            });
        }
        postgres = TestDatabases.postgresql(home);
    }

    @Test
    void migrateTo_emptyPostgresql_copiesUsersAuditChainAndCmdbHistory() throws Exception {
        assertEquals(0, migrateTo(), err());
        assertTrue(out().contains("audit log intact on PostgreSQL: 6 entries"), out());
        assertTrue(out().contains("cmdb_journal: 2 rows"), out()); // web1 made, then changed

        try (Database db = Database.open(postgres)) {
            CmdbStore cmdb = new CmdbStore(db, clock);
            assertEquals(2, cmdb.history(HostsSheet.NAME, web1).size(), "the row's history came along");
            assertEquals(22L, port(cmdb.asOf(HostsSheet.NAME, beforeUpdate)), "as-of answers as on SQLite");
            assertEquals(2222L, port(cmdb.list(HostsSheet.NAME, dev.tejun.cmdb.model.RowQuery.active())));
            Row web2 = cmdb.register(HostsSheet.NAME, RowDraft.host("web2", Map.of()), ALICE);
            assertTrue(web2.id() > web1, "new ids follow the copied ones");

            assertTrue(new UserStore(db, clock)
                    .check("alice", "correct horse battery")
                    .isPresent());

            AuditLog audit = new AuditLog(db, clock);
            audit.append("alice", Via.API, "after.migration", null, "ok", null, null);
            AuditLog.Verification v = audit.verify();
            assertTrue(v.ok(), v.toString());
            assertEquals(7, v.entries(), "the chain goes on on PostgreSQL");

            long schedule = db.write(c -> {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("INSERT INTO sched_schedules (target, cron, timezone, params,"
                                + " misfire, created_by, created_at) VALUES ('b.md', '* * * * *', 'UTC', '{}', 'skip',"
                                + " 'alice', '2026-11-02T10:00:00Z') RETURNING id")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertTrue(schedule > 7, "a deleted schedule's id is not handed out again: " + schedule);
        }
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, AuditVerifyCommand.run(postgres, null, quiet, quiet), "tejun audit verify on PostgreSQL");
    }

    @Test
    void migrateTo_notEmpty_isRefused_andChangesNothing() throws Exception {
        assertEquals(0, migrateTo(), err());
        long before = auditRows();
        assertEquals(1, migrateTo());
        assertTrue(err().contains("not empty"), err());
        assertEquals(before, auditRows());
    }

    @Test
    void migrateTo_withoutUrl_saysWhatToSet() {
        int code = new DbCommand(print(out), print(err), home, Map.of()).run(List.of("migrate-to", "postgresql"));
        assertEquals(2, code);
        assertTrue(err().contains(DatabaseSettings.URL), err());
    }

    private int migrateTo() {
        out.reset();
        err.reset();
        Map<String, String> env = Map.of(DatabaseSettings.URL, postgres.url(), DatabaseSettings.USER, postgres.user());
        return new DbCommand(print(out), print(err), home, env).run(List.of("migrate-to", "postgresql"));
    }

    private long auditRows() {
        try (Database db = Database.open(postgres)) {
            return db.read(c -> {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM audit_log")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }
    }

    private static long port(List<Row> rows) {
        Row row = rows.stream().filter(r -> "web1".equals(r.host())).findFirst().orElseThrow();
        return ((Number) row.value(HostsSheet.SSH_PORT)).longValue();
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}

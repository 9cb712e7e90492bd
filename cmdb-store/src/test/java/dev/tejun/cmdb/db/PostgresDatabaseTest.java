package dev.tejun.cmdb.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.Fixtures;
import dev.tejun.cmdb.testing.TestDatabases;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database object over a real PostgreSQL: pool, transactions, migrations, the append-only journal, snapshots. */
class PostgresDatabaseTest {

    @TempDir
    Path home;

    @Test
    void open_postgresql_isPostgresDialect_andKeepsKeysInTheDataFolder() {
        try (Database db = Database.open(TestDatabases.postgresql(home))) {
            assertEquals(Dialect.POSTGRESQL, db.dialect());
            assertEquals(home.toAbsolutePath(), db.folder());
            assertTrue(db.where().startsWith("jdbc:postgresql://"), db.where());
        }
    }

    /**
     * The run queue's moves do not wait behind this process's other writers (a run's start waited behind run records
     * and audit appends, one transaction at a time): a write beside commits while a write is held open, and inside a
     * write it joins that.
     */
    @Test
    void writeBeside_whileAWriteIsOpen_commitsWithoutWaitingForIt() throws Exception {
        try (Database db = Database.open(TestDatabases.postgresql(home))) {
            assertTrue(DatabaseTest.besideCommitsWhileAWriteIsOpen(db), "the write beside did not wait");
            long rows = db.write(c -> db.<Long>writeBeside(c2 -> {
                assertSame(c, c2, "inside a write, a write beside joins it");
                c2.createStatement().executeUpdate("INSERT INTO a VALUES (2)");
                return DatabaseTest.count(db, "a");
            }));
            assertEquals(2L, rows, "the joined write's own read sees the row");
        }
    }

    @Test
    void write_failing_rollsBack_andReadRefusesWrites() {
        try (Database db = Database.open(TestDatabases.postgresql(home))) {
            db.write(c -> c.createStatement().execute("CREATE TABLE a (x BIGINT)"));
            assertThrows(
                    IllegalStateException.class,
                    () -> db.write(c -> {
                        c.createStatement().executeUpdate("INSERT INTO a VALUES (1)");
                        throw new IllegalStateException("half-way");
                    }));
            assertEquals(0L, DatabaseTest.count(db, "a"), "the failed write left nothing");
            DatabaseException e = assertThrows(
                    DatabaseException.class,
                    () -> db.read(c -> c.createStatement().executeUpdate("INSERT INTO a VALUES (2)")));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            db.write(c -> c.createStatement().executeUpdate("INSERT INTO a VALUES (3)"));
            assertEquals(
                    1L, DatabaseTest.count(db, "a"), "the pool's connection is usable again after the refused write");
        }
    }

    @Test
    void read_isOneSnapshot_aWriteCommittedMeanwhileIsNotSeen_andItsConnectionStaysAReader() {
        try (Database db = Database.open(TestDatabases.postgresql(home))) {
            db.write(c -> c.createStatement().execute("CREATE TABLE a (x BIGINT)"));
            db.write(c -> c.createStatement().executeUpdate("INSERT INTO a VALUES (1)"));
            List<Long> seen = db.read(c -> {
                long before = countIn(c);
                db.write(w -> w.createStatement().executeUpdate("INSERT INTO a VALUES (2)")); // another connection
                return List.of(before, countIn(c));
            });
            assertEquals(List.of(1L, 1L), seen, "a read is one snapshot (REPEATABLE READ)");
            assertEquals(2L, DatabaseTest.count(db, "a"), "the next read sees the write");
            for (int i = 0; i < 20; i++) { // more reads than the readers' pool holds: each still read-only
                DatabaseException e = assertThrows(
                        DatabaseException.class,
                        () -> db.read(c -> c.createStatement().executeUpdate("INSERT INTO a VALUES (3)")));
                assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            }
            assertEquals("repeatable read", db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SHOW transaction_isolation")) {
                    rs.next();
                    return rs.getString(1);
                }
            }));
            assertEquals(
                    "read committed",
                    db.write(c -> {
                        try (ResultSet rs = c.createStatement().executeQuery("SHOW transaction_isolation")) {
                            rs.next();
                            return rs.getString(1);
                        }
                    }),
                    "a write is READ COMMITTED, as before");
        }
    }

    private static long countIn(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM a")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void migrate_cmdb_journalIsAppendOnly_byPlpgsqlTrigger() {
        try (Database db = Database.open(TestDatabases.postgresql(home));
                CmdbStore cmdb = new CmdbStore(db, Clock.systemUTC())) {
            Fixtures.addHosts(cmdb, "web1"); // row triggers fire for rows only
            for (String change : List.of(
                    "UPDATE cmdb_journal SET user_name = 'x'", "DELETE FROM cmdb_journal", "TRUNCATE cmdb_journal")) {
                DatabaseException e = assertThrows(
                        DatabaseException.class,
                        () -> db.write(c -> c.createStatement().executeUpdate(change)),
                        change);
                assertTrue(e.getMessage().contains("append-only"), e.getMessage());
            }
            assertEquals(1L, DatabaseTest.count(db, "cmdb_journal"), "the journal kept its row");
        }
    }

    @Test
    void migrate_again_afterReopen_isUpToDate() {
        var settings = TestDatabases.postgresql(home);
        long applied;
        try (Database db = Database.open(settings)) {
            db.migrate(CmdbStore.SCHEMA);
            applied = DatabaseTest.count(db, "schema_history_cmdb");
        }
        assertTrue(applied >= 2, "V1 and V1.1 at least: " + applied);
        try (Database db = Database.open(settings)) {
            db.migrate(CmdbStore.SCHEMA);
            // every migration once: a second start applies nothing again (whatever migrations later issues add)
            assertEquals(applied, DatabaseTest.count(db, "schema_history_cmdb"), "each migration once");
        }
    }

    @Test
    void openQueryOnly_isSqliteSnapshot_thatRefusesWrites() throws SQLException {
        try (Database db = Database.open(TestDatabases.postgresql(home))) {
            db.write(c -> c.createStatement().execute("CREATE TABLE t (id BIGINT, ok BOOLEAN, doc TEXT)"));
            db.write(c -> c.createStatement()
                    .executeUpdate("INSERT INTO t VALUES (1, true, '{\"a\": 5}'), (2, false, NULL)"));
            try (Connection c = db.openQueryOnly("t", prepare -> {
                        prepare.createStatement()
                                .execute("CREATE TEMP VIEW v AS SELECT id, json_extract(doc, '$.a') AS a FROM t"
                                        + " WHERE ok = 1");
                        return null;
                    });
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT id, a FROM v")) {
                assertTrue(
                        c.getMetaData().getURL().startsWith("jdbc:sqlite:"),
                        c.getMetaData().getURL());
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(1));
                assertEquals(5, rs.getLong(2));
                assertThrows(SQLException.class, () -> st.executeUpdate("DELETE FROM t"));
            }
        }
    }

    @Test
    void open_unreachable_failsAtOnce_withTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var settings =
                new DatabaseSettings(home, "jdbc:postgresql://127.0.0.1:" + port + "/x?password=hush", "u", null);
        DatabaseException e = assertThrows(DatabaseException.class, () -> Database.open(settings));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        assertTrue(!e.getMessage().contains("hush"), "no password in messages: " + e.getMessage());
    }
}

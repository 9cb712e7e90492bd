package dev.tejun.cmdb.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path dir;

    /** A schema "t" whose migrations are the given files (name, text, …) under db/migration/t. */
    private Schema schema(String latest, String... files) throws Exception {
        Path root = dir.resolve("cp-" + latest);
        Path folder = Files.createDirectories(root.resolve("db/migration/t"));
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(folder.resolve(files[i]), files[i + 1]);
        }
        return new Schema("t", new URLClassLoader(new URL[] {root.toUri().toURL()}, null), latest, List.of());
    }

    static long count(Database db, String table) {
        return db.read(c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Whether a {@link Database#writeBeside} insert into {@code a (x)} committed within two seconds while another
     * thread held a {@link Database#write} open; it commits in the end either way (checked).
     */
    static boolean besideCommitsWhileAWriteIsOpen(Database db) throws Exception {
        db.write(c -> c.createStatement().execute("CREATE TABLE a (x BIGINT)"));
        CountDownLatch inWrite = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread writer = Thread.ofVirtual()
                .start(() -> db.write(c -> {
                    inWrite.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }));
        inWrite.await();
        CompletableFuture<Integer> beside = CompletableFuture.supplyAsync(
                () -> db.writeBeside(c -> c.createStatement().executeUpdate("INSERT INTO a VALUES (1)")));
        boolean committed;
        try {
            beside.get(2, TimeUnit.SECONDS);
            committed = true;
        } catch (TimeoutException e) {
            committed = false;
        }
        release.countDown();
        writer.join();
        assertEquals(1, beside.get(10, TimeUnit.SECONDS), "the insert beside commits in the end");
        assertEquals(1L, count(db, "a"));
        return committed;
    }

    @Test
    void writeBeside_onSqlite_waitsForTheOpenWrite_oneWriterAtATime() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            assertFalse(besideCommitsWhileAWriteIsOpen(db), "SQLite has one writer: the write beside waits");
            int joined = db.write(c -> db.<Integer>writeBeside(c2 -> {
                assertSame(c, c2, "inside a write, a write beside joins it");
                return 2;
            }));
            assertEquals(2, joined);
        }
    }

    @Test
    void migrate_runsEachMigrationOnce_andPlaceholdersAreTheDialects() throws Exception {
        Schema s = schema(
                "2",
                "V1__a.sql",
                "CREATE TABLE a (id ${identity_not_reused}, x INTEGER);",
                "V2__b.sql",
                "INSERT INTO a (x) VALUES (1);");
        try (Database db = Database.open(dir.resolve("t.db"))) {
            db.migrate(s);
            db.migrate(s);
        }
        try (Database db = Database.open(dir.resolve("t.db"))) {
            db.migrate(s);
            assertEquals(1, count(db, "a"), "V2 ran once");
            assertEquals(1, count(db, "sqlite_sequence"), "AUTOINCREMENT came from the placeholder");
        }
    }

    @Test
    void migrate_migrationEditedAfterItRan_refusedWhenTheNextOneComes() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            db.migrate(schema("1", "V1__a.sql", "CREATE TABLE a (x INTEGER);"));
        }
        Schema edited = schema(
                "2", "V1__a.sql", "CREATE TABLE a (x INTEGER, y INTEGER);", "V2__b.sql", "CREATE TABLE b (x INTEGER);");
        try (Database db = Database.open(dir.resolve("t.db"))) {
            DatabaseException e = assertThrows(DatabaseException.class, () -> db.migrate(edited));
            assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        }
    }

    @Test
    void read_refusesWrites() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            db.write(c -> c.createStatement().executeUpdate("CREATE TABLE a (x INTEGER)"));
            assertThrows(
                    DatabaseException.class,
                    () -> db.read(c -> c.createStatement().executeUpdate("INSERT INTO a VALUES (1)")));
            assertEquals(0, count(db, "a"));
        }
    }

    @Test
    void write_failing_leavesNothing_andAnInnerWriteJoinsTheOuter() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            db.write(c -> c.createStatement().executeUpdate("CREATE TABLE a (x INTEGER)"));
            assertThrows(
                    IllegalStateException.class,
                    () -> db.write(c -> {
                        c.createStatement().executeUpdate("INSERT INTO a VALUES (1)");
                        db.write(inner -> inner.createStatement().executeUpdate("INSERT INTO a VALUES (2)"));
                        assertEquals(2, count(db, "a"), "a read inside the write sees it");
                        throw new IllegalStateException("refused");
                    }));
            assertEquals(0, count(db, "a"), "both inserts rolled back");
            assertEquals(
                    Integer.valueOf(1),
                    db.rolledBack(c -> c.createStatement().executeUpdate("INSERT INTO a VALUES (3)")));
            assertEquals(0, count(db, "a"), "rolledBack keeps nothing");
        }
    }

    @Test
    void openQueryOnly_afterPrepare_refusesEvenTempTables() throws SQLException {
        try (Database db = Database.open(dir.resolve("t.db"));
                var c = db.openQueryOnly("", prepare -> {
                    prepare.createStatement().execute("CREATE TEMP VIEW v AS SELECT 1 AS one");
                    return null;
                })) {
            assertThrows(SQLException.class, () -> c.createStatement().execute("CREATE TEMP TABLE t (x INTEGER)"));
            try (ResultSet rs = c.createStatement().executeQuery("SELECT one FROM v")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void withStatement_onTheWriter_isKeptAcrossWrites_withItsParametersCleared_andElsewhereClosed() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            db.write(c -> c.createStatement().executeUpdate("CREATE TABLE a (x INTEGER)"));
            String insert = "INSERT INTO a (x) VALUES (?)";
            java.sql.PreparedStatement first = db.write(c -> db.withStatement(c, insert, ps -> {
                ps.setInt(1, 1);
                ps.executeUpdate();
                return ps;
            }));
            java.sql.PreparedStatement second = db.write(c -> db.withStatement(c, insert, ps -> {
                ps.setInt(1, 2);
                ps.executeUpdate();
                return ps;
            }));
            assertSame(first, second, "prepared once on the writer");
            // the parameter set by the last call is not left for the next: unset, it binds NULL
            db.write(c -> db.withStatement(c, insert, java.sql.PreparedStatement::executeUpdate));
            assertEquals(3, count(db, "a"));
            assertEquals(1, count(db, "a WHERE x IS NULL"));
            java.sql.PreparedStatement reading = db.read(c -> db.withStatement(c, "SELECT COUNT(*) FROM a", ps -> ps));
            assertTrue(isClosed(reading), "a reader's statement is closed after its call");
            // a failed transaction leaves the kept statement usable
            assertThrows(
                    DatabaseException.class,
                    () -> db.write(c -> db.withStatement(c, insert, ps -> {
                        ps.setInt(1, 4);
                        ps.executeUpdate();
                        throw new SQLException("fails after the insert");
                    })));
            db.write(c -> db.withStatement(c, insert, ps -> {
                ps.setInt(1, 5);
                return ps.executeUpdate();
            }));
            assertEquals(0, count(db, "a WHERE x = 4"), "rolled back");
            assertEquals(1, count(db, "a WHERE x = 5"));
        }
    }

    private static boolean isClosed(java.sql.PreparedStatement ps) {
        try {
            return ps.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    @Test
    void sqlite_asksForNoGeneratedKeysAfterAWrite() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            db.write(c -> c.createStatement().executeUpdate("CREATE TABLE a (x INTEGER)"));
            boolean keys = db.write(c -> db.withStatement(c, "INSERT INTO a (x) VALUES (1)", ps -> {
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    return rs.next();
                }
            }));
            // with the driver's default, every INSERT ran a SELECT last_insert_rowid() to answer this
            assertTrue(!keys, "no generated keys are fetched");
            assertEquals(1, count(db, "a"));
        }
    }
}

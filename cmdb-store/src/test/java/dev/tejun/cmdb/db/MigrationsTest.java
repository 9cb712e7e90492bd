package dev.tejun.cmdb.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @TempDir
    Path dir;

    private ClassLoader loader(String index, String... files) throws Exception {
        Path root = dir.resolve("cp");
        Path folder = root.resolve("db/migration/test");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("index.txt"), index);
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(folder.resolve(files[i]), files[i + 1]);
        }
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
            return rs.next();
        }
    }

    @Test
    void apply_runsListedMigrationsInVersionOrderOnce() throws Exception {
        ClassLoader cl = loader("V2__second.sql\nV1__first.sql\n",
                "V1__first.sql", "CREATE TABLE a (x INTEGER);\n",
                "V2__second.sql", "-- uses a\nINSERT INTO a (x) VALUES (1);\nINSERT INTO a (x) VALUES (2);\n");
        try (Connection c = new SqliteDatabase(dir.resolve("t.db")).open()) {
            List<Migrations.Migration> first = Migrations.apply(c, cl, "db/migration/test");
            assertEquals(List.of(1, 2), first.stream().map(Migrations.Migration::version).toList());
            assertEquals(List.of(), Migrations.apply(c, cl, "db/migration/test"));
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM a")) {
                rs.next();
                assertEquals(2, rs.getInt(1), "second migration ran exactly once");
            }
        }
    }

    @Test
    void apply_changedAppliedMigration_isRefused() throws Exception {
        try (Connection c = new SqliteDatabase(dir.resolve("t.db")).open()) {
            Migrations.apply(c, loader("V1__first.sql", "V1__first.sql", "CREATE TABLE a (x INTEGER);"), "db/migration/test");
            ClassLoader edited = loader("V1__first.sql", "V1__first.sql", "CREATE TABLE a (x INTEGER, y INTEGER);");
            SQLException e = assertThrows(SQLException.class, () -> Migrations.apply(c, edited, "db/migration/test"));
            assertTrue(e.getMessage().contains("changed after it was applied"), e.getMessage());
        }
    }

    @Test
    void apply_failingMigration_leavesNothingBehind() throws Exception {
        ClassLoader cl = loader("V1__bad.sql", "V1__bad.sql", "CREATE TABLE b (x INTEGER);\nINSERT INTO nowhere VALUES (1);\n");
        try (Connection c = new SqliteDatabase(dir.resolve("t.db")).open()) {
            assertThrows(SQLException.class, () -> Migrations.apply(c, cl, "db/migration/test"));
            assertFalse(tableExists(c, "b"), "the table of the failed migration was rolled back");
        }
    }

    @Test
    void statements_keepTriggerBodiesWhole() {
        List<String> statements = SqlScript.statements("""
                CREATE TABLE t (x INTEGER);
                CREATE TRIGGER t_no_delete BEFORE DELETE ON t
                BEGIN
                  SELECT RAISE(ABORT, 'no');
                END;
                -- a comment
                INSERT INTO t VALUES (1);
                """);
        assertEquals(3, statements.size());
        assertTrue(statements.get(1).contains("RAISE(ABORT, 'no');\nEND"), statements.get(1));
    }

    @Test
    void open_setsWalAndForeignKeys() throws Exception {
        try (Connection c = new SqliteDatabase(dir.resolve("t.db")).open()) {
            assertEquals("wal", pragma(c, "journal_mode"));
            assertEquals("1", pragma(c, "foreign_keys"));
            assertEquals("10000", pragma(c, "busy_timeout"));
        }
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

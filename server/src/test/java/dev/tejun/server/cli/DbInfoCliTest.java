package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseException;
import dev.tejun.server.audit.ServerSchema;
import dev.tejun.server.fixtures.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tejun db info} lists the migrations a real server applied; a database a newer Tejun migrated further is
 * refused with a clear message (no silent downgrade) and {@code db info} says so.
 */
class DbInfoCliTest {

    @TempDir
    Path temp;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void dbInfo_serversDatabase_listsEachSchemasMigrations() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            t.get("/api/health");
        }
        assertEquals(0, LocalCli.run(out, err, temp.resolve("data"), Map.of(), "db", "info"), text(err));
        String said = text(out);
        assertTrue(said.contains("server: version " + ServerSchema.SCHEMA.latest() + ", up to date"), said);
        assertTrue(said.contains("cmdb: version "), said);
        assertTrue(said.contains("  V143  run queue outcome"), said);
    }

    @Test
    void newerDatabase_refusedWithAClearMessage_andDbInfoSaysSo() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            t.get("/api/health");
        }
        Path file = temp.resolve("data/tejun.db");
        try (Database db = Database.open(file)) {
            // as a newer Tejun leaves it: one more migration than this one knows
            db.write(c -> {
                try (var st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO schema_history_server (installed_rank, version, description, type,"
                            + " script, checksum, installed_by, execution_time, success) SELECT MAX(installed_rank) + 1,"
                            + " '999', 'from a newer release', 'SQL', 'V999__from_a_newer_release.sql', 0, 'tejun', 0,"
                            + " 1 FROM schema_history_server");
                }
                return null;
            });
        }
        try (Database db = Database.open(file)) {
            DatabaseException e = assertThrows(DatabaseException.class, () -> db.migrate(ServerSchema.SCHEMA));
            assertTrue(e.getMessage().contains("written by a newer Tejun"), e.getMessage());
            assertTrue(e.getMessage().contains("999"), e.getMessage());
        }
        assertEquals(1, LocalCli.run(out, err, temp.resolve("data"), Map.of(), "db", "info"), text(err));
        assertTrue(text(out).contains("server: version 999, NEWER than this Tejun knows"), text(out));
    }

    private static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }
}

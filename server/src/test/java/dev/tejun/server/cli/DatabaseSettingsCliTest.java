package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.DatabaseSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI reads the database settings from its environment and says plainly what is wrong with them. */
class DatabaseSettingsCliTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int tejun(Map<String, String> env, String... words) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new Main(quiet, new PrintStream(err, true, StandardCharsets.UTF_8), home, env).execute(List.of(words));
    }

    @Test
    void cmdb_notPostgresqlUrl_isAUsageError_withoutThePassword() throws Exception {
        int code = tejun(Map.of(DatabaseSettings.URL, "jdbc:mysql://db/x?password=hush"), "cmdb", "sheets");
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, text);
        assertTrue(text.contains("must be a PostgreSQL JDBC URL"), text);
        assertFalse(text.contains("hush"), text);
    }

    @Test
    void cmdb_postgresqlUnreachable_saysWhere_andExits1() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int code =
                tejun(Map.of(DatabaseSettings.URL, "jdbc:postgresql://127.0.0.1:" + port + "/tejun"), "cmdb", "sheets");
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, text);
        assertTrue(text.contains("127.0.0.1:" + port) && text.contains("cannot connect"), text);
        assertFalse(text.contains("\tat "), "no stack trace: " + text);
    }

    @Test
    void backup_postgresqlStoreAway_failsSayingWhichDatabase_andLeavesNoArchive() throws Exception {
        int code = tejun(
                Map.of(DatabaseSettings.URL, "jdbc:postgresql://127.0.0.1:1/tejun"),
                "backup",
                "-o",
                home.resolve("b.tar.gz").toString());
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, text);
        assertTrue(text.contains("cannot read the database jdbc:postgresql://127.0.0.1:1/tejun"), text);
        assertFalse(java.nio.file.Files.exists(home.resolve("b.tar.gz")), "no half archive");
    }
}

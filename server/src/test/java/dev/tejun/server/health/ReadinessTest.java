package dev.tejun.server.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/health/ready}: 200 when the database, migrations, evidence folder and disk are fine, else 503. */
class ReadinessTest {

    @TempDir
    Path temp;

    private TestServer server(String yaml) throws Exception {
        Settings s = Settings.of(ConfigFile.parse("test.yaml", yaml), Map.of(), Map.of());
        return new TestServer(temp, c -> c.with(s));
    }

    @Test
    void ready_healthyServer_is200WithEveryCheckOk() throws Exception {
        try (TestServer t = server("")) {
            HttpResponse<String> r = t.send("GET", "/api/health/ready", null, Map.of());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"status\":\"ready\""), r.body());
            assertTrue(r.body().contains("\"migrations\":\"ok: "), r.body());
            assertTrue(r.body().contains("\"disk\":\"ok: "), r.body());
        }
    }

    @Test
    void ready_lessFreeDiskThanTheFloor_is503NamingTheDisk() throws Exception {
        try (TestServer t = server("health.min-free-mb: 999999999999\n")) {
            HttpResponse<String> r = t.send("GET", "/api/health/ready", null, Map.of());
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"disk\":\"failed: "), r.body());
            assertEquals(200, t.send("GET", "/api/health", null, Map.of()).statusCode());
        }
    }

    @Test
    void ready_evidenceFolderNotWritable_is503() throws Exception {
        try (TestServer t = server("")) {
            Path evidence = Files.createDirectories(t.data.resolve("evidence"));
            // root writes anyway; a file where the folder should be stops every user
            Path moved = t.data.resolve("evidence-away");
            Files.move(evidence, moved);
            Files.writeString(evidence, "not a folder");
            try {
                HttpResponse<String> r = t.send("GET", "/api/health/ready", null, Map.of());
                assertEquals(503, r.statusCode(), r.body());
                assertTrue(r.body().contains("\"evidence\":\"failed: "), r.body());
            } finally {
                Files.delete(evidence);
                Files.move(moved, evidence);
                Files.setPosixFilePermissions(evidence, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }
}

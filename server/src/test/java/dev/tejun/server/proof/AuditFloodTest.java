package dev.tejun.server.proof;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nobody signed in can grow the audit log (and so the database) at will. */
class AuditFloodTest {

    @TempDir
    Path temp;

    @Test
    void login_hundredHugeUserNames_growTheDatabaseByLessThanOneMegabyte() throws Exception {
        Path db;
        long before;
        try (TestServer t = new TestServer(temp)) {
            db = t.data.resolve("tejun.db");
            before = Files.size(db) + walSize(db);
            for (int i = 0; i < 100; i++) {
                String name = (char) ('a' + i % 26) + "x".repeat(999_000) + i;
                HttpResponse<String> r =
                        t.send("POST", "/api/login", "{\"name\":\"" + name + "\",\"password\":\"p\"}", Map.of());
                assertTrue(r.statusCode() == 401 || r.statusCode() == 429, r.statusCode() + " " + r.body());
                assertTrue(r.body().length() < 1000, "the answer does not echo the name back");
            }
            JsonNode first = new ObjectMapper()
                    .readTree(t.get("/api/audit?action=login&limit=1000").body())
                    .get(0);
            String user = first.path("user").asText();
            assertTrue(user.length() <= 256 && user.matches("[a-z]x+…\\[cut, 99900[0-9] chars]"), user);
        }
        long grown = Files.size(db) + walSize(db) - before;
        assertTrue(grown < 1_000_000, "tejun.db grew by " + grown + " bytes");
    }

    private static long walSize(Path db) throws Exception {
        Path wal = db.resolveSibling(db.getFileName() + "-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }
}

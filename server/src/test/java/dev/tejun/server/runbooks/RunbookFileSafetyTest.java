package dev.tejun.server.runbooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving runbooks through the real server: links out of the folder write nothing, and a file keeps its mode. */
class RunbookFileSafetyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void put_throughSymlinkedFolderToNewSubFolder_refusedAndNothingCreated() throws Exception {
        try (TestServer t = new TestServer(tmp)) {
            Path outside = Files.createDirectories(tmp.resolve("outside"));
            Files.createSymbolicLink(t.runbooks.resolve("link"), outside);

            HttpResponse<String> r = t.put("/api/runbooks/link/sub/new.md", "{\"text\":\"# Planted\\n\"}");

            assertEquals(400, r.statusCode(), r.body());
            assertFalse(Files.exists(outside.resolve("sub")), "a folder was made outside the runbooks folder");
            try (var left = Files.list(outside)) {
                assertEquals(0, left.count());
            }
        }
    }

    @Test
    void put_existingRunbook_keepsItsFileMode() throws Exception {
        try (TestServer t = new TestServer(tmp)) {
            for (String mode : new String[] {"rw-r-----", "rwxr-xr-x"}) {
                Path file = t.write("moded.md", "# Moded\n");
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
                String version = JSON.readTree(t.get("/api/runbooks/moded.md").body())
                        .path("version")
                        .asText();

                HttpResponse<String> r = t.put(
                        "/api/runbooks/moded.md",
                        "{\"text\":\"# Moded\\n\\nedited\\n\",\"version\":\"" + version + "\"}");

                assertEquals(200, r.statusCode(), r.body());
                assertTrue(Files.readString(file).contains("edited"));
                assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            }
        }
    }
}

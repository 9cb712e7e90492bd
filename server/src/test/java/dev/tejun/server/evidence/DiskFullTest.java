package dev.tejun.server.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.evidence.EvidenceVerifier;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data folder on a real, tiny tmpfs that is filled up: a runbook save is refused whole (not written and left
 * unaudited), a run still ends, and once space is freed its row gets its final status, its audit entries are
 * written, a save works again and the evidence verifies. Needs root (mount).
 */
class DiskFullTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void dataFolderFull_saveRefusedWhole_runRecordedOnceSpaceIsFreed() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        sh("mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", data.toString());
        Path filler = data.resolve("filler");
        try {
            TestServer t = new TestServer(temp);
            try {
                String book = "# Book\n\n```sh {#a}\necho hello\n```\n";
                t.write("book.md", book);
                String version = JSON.readTree(t.get("/api/runbooks/book.md").body())
                        .path("version")
                        .asText();
                fill(data, filler);

                HttpResponse<String> save =
                        t.put("/api/runbooks/book.md", "{\"text\":\"# Changed\\n\",\"version\":\"" + version + "\"}");
                assertTrue(save.statusCode() >= 500, save.statusCode() + " " + save.body());
                assertEquals(
                        book, Files.readString(t.runbooks.resolve("book.md")), "not changed without its audit entry");

                HttpResponse<String> start = t.post("/api/runs", "{\"runbook\":\"book.md\"}");
                assertEquals(201, start.statusCode(), start.body());
                String runId = JSON.readTree(start.body()).path("runId").asText();
                Await.until(
                        () -> t.get("/api/runs/" + runId + "/events?since=0&wait=5")
                                .body()
                                .contains("run-finished"),
                        "the run to end on a full disk");

                Files.delete(filler);
                Await.until(
                        () -> {
                            for (JsonNode r : JSON.readTree(t.get("/api/runs").body())) {
                                if (r.path("runId").asText().equals(runId)) {
                                    return !r.path("status").asText().equals("RUNNING");
                                }
                            }
                            return false;
                        },
                        "the run's final status in the run index");
                Await.until(
                        () -> t.get("/api/audit?action=execution.end").body().contains(runId), "its end audited");
                assertTrue(t.get("/api/audit?action=execution.start").body().contains(runId), "its start audited");

                HttpResponse<String> again =
                        t.put("/api/runbooks/book.md", "{\"text\":\"# Changed\\n\",\"version\":\"" + version + "\"}");
                assertEquals(200, again.statusCode(), again.body());
                assertTrue(t.get("/api/audit?action=PUT%20/api/runbooks/%3Cname%3E")
                        .body()
                        .contains("book.md"));
            } finally {
                t.close();
            }
            try (TestServer restarted = new TestServer(temp)) {
                // a run cut off by the full disk is sealed now; every sealed run verifies
                EvidenceVerifier.Result verified = EvidenceVerifier.verifyAll(data.resolve("evidence"));
                assertTrue(verified.ok(), verified.problems().toString());
            }
        } finally {
            Files.deleteIfExists(filler);
            sh("umount", "-l", data.toString());
        }
    }

    /** Writes until the file system refuses, after moving the database's journal into the database itself. */
    private static void fill(Path data, Path filler) throws Exception {
        // an empty journal must grow for the next write, so the database meets the full disk at once (a checkpoint
        // runs outside any transaction: on a connection of its own, not through the Database)
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tejun.db"));
                java.sql.Statement st = c.createStatement()) {
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // full now
        }
    }

    private static void sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
    }
}

package dev.tejun.server.runs.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.Json;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.ServerProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queued run cut off by its server's {@code kill -9} ends once in the audit log. The next start found it twice: the
 * seal of its unsealed evidence audited its end, and the run queue, finding its row still started, audited it again
 * (each end is a notice to its subscribers: they were told twice).
 */
class KilledRunEndTest {

    @TempDir
    Path temp;

    @Test
    void kill9_duringAQueuedRun_theNextStartEndsItOnce() throws Exception {
        Files.createDirectories(temp.resolve("runbooks"));
        Files.writeString(temp.resolve("runbooks/slow.md"), "```sh\necho begun; sleep 30\n```\n");
        String runId;
        try (ServerProcess first = ServerProcess.start(temp, "cluster.lease-seconds: 3\n")) {
            HttpResponse<String> r = first.send("POST", "/api/runs", "{\"runbook\":\"slow.md\"}");
            assertTrue(r.statusCode() / 100 == 2, r.body());
            runId = Json.MAPPER.readTree(r.body()).path("runId").asText();
            Path dir = temp.resolve("data/evidence").resolve(runId);
            Await.until(
                    () -> Files.exists(dir)
                            && first.send("GET", "/api/runs/" + runId + "/events", null)
                                    .body()
                                    .contains("begun"),
                    "the run under way");
            first.kill();
        }
        try (ServerProcess again = ServerProcess.start(temp, "cluster.lease-seconds: 3\n");
                Database db = TestDatabases.open(temp.resolve("data"))) {
            Await.until(() -> "interrupted".equals(state(db, runId)), "the run's queue row interrupted");
            Await.until(() -> ends(db, runId) > 0, "its end audited");
            Thread.sleep(1_500); // a second end would be written by now
            assertEquals(1, ends(db, runId), "its end audited once");
        }
    }

    static String state(Database db, String runId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM run_queue WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    static int ends(Database db, String runId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM audit_log WHERE action = 'execution.end' AND detail LIKE ?")) {
                ps.setString(1, "%\"" + runId + "\"%");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }
}

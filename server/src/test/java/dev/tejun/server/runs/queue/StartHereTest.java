package dev.tejun.server.runs.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Wakeups;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run asked for through a server with a free place is written to the queue as started there, in one transaction:
 * no other server is woken for it (every idle one would otherwise try a claim, a write transaction each, and find
 * nothing), and its row's queued, claimed and started times are one moment.
 */
class StartHereTest {

    @TempDir
    Path temp;

    @Test
    void submit_serverHasRoom_rowWrittenAsStartedHere_noServerWoken() throws Exception {
        try (TestServer s = new TestServer(temp)) {
            s.write("quick.md", "# Quick\n\n```sh\necho quick\n```\n");
            Wakeups.Signal woken = s.cmdb.database().wakeups().signal(RunQueue.CHANNEL);
            while (woken.await(Duration.ofSeconds(1))) {
                // until a second passes quiet: on PostgreSQL the listener wakes every channel once as it begins to
                // listen (for what was sent before); only what the run sends counts
            }

            String runId = s.runEnded(s.post("/api/runs", "{\"runbook\":\"quick.md\"}"), "OK");

            assertFalse(woken.await(Duration.ofMillis(500)), "no server is woken for a run started where it was asked");
            List<Object> row = s.cmdb.database().read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT state, queued_by, claimed_by, queued_ms, "
                        + "claimed_ms, started_ms FROM run_queue WHERE run_id = ?")) {
                    ps.setString(1, runId);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next(), "the run has its queue row");
                        return List.of(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getLong(4),
                                rs.getLong(5),
                                rs.getLong(6));
                    }
                }
            });
            assertEquals(RunQueue.DONE, row.get(0), row.toString());
            assertEquals(row.get(1), row.get(2), "claimed by the server it was asked through: " + row);
            assertEquals(row.get(3), row.get(4), "queued and claimed at once: " + row);
            assertEquals(row.get(3), row.get(5), "queued and started at once: " + row);
        }
    }
}

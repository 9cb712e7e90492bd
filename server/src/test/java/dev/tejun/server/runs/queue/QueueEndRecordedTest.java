package dev.tejun.server.runs.queue;

import static dev.tejun.server.runs.queue.KilledRunEndTest.ends;
import static dev.tejun.server.runs.queue.KilledRunEndTest.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.Dialect;
import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.server.Json;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run queue says a run is done only once its end is in the audit log. Before, the queue's row became done as
 * the run ended while the end's audit entry still waited to be written; a server killed between the two left a done
 * row whose end nobody recorded, and the next start had nothing to end (NotifyCrashTest saw a run end never told).
 * Here the run index refuses writes (a trigger), so the end's records cannot be written; the row stays started until
 * they are.
 */
class QueueEndRecordedTest {

    @TempDir
    Path temp;

    @Test
    void runEnded_itsRecordsNotWrittenYet_theQueueRowStaysStartedUntilTheyAre() throws Exception {
        try (TestServer s = new TestServer(temp)) {
            s.write("fails.md", "```sh\necho going; exit 3\n```\n");
            Database db = s.cmdb.database();
            hold(db, true);
            HttpResponse<String> r = s.post("/api/runs", "{\"runbook\":\"fails.md\"}");
            assertTrue(r.statusCode() < 300, r.body());
            String runId = Json.MAPPER.readTree(r.body()).path("runId").asText();

            Path manifest = s.data.resolve("evidence").resolve(runId).resolve(Manifest.FILE);
            Await.until(() -> Files.exists(manifest), "the run ended and sealed its evidence");
            Thread.sleep(1_500); // the queue's row was done within milliseconds of that before
            assertEquals("started", state(db, runId), "done before its end is recorded");
            assertEquals(0, ends(db, runId));

            hold(db, false); // the records are written at their next try
            Await.until(() -> "done".equals(state(db, runId)), "the row done once the end is recorded");
            assertEquals(1, ends(db, runId), "its end audited once");
        }
    }

    /** Makes the run index refuse (or take again) every insert and update. */
    private static void hold(Database db, boolean on) {
        boolean pg = db.dialect() == Dialect.POSTGRESQL;
        db.write(c -> {
            try (Statement st = c.createStatement()) {
                if (on && pg) {
                    st.execute("CREATE FUNCTION test_hold() RETURNS trigger AS $$ BEGIN"
                            + " RAISE EXCEPTION 'held by the test'; END $$ LANGUAGE plpgsql");
                    st.execute("CREATE TRIGGER test_hold BEFORE INSERT OR UPDATE ON runs"
                            + " FOR EACH ROW EXECUTE FUNCTION test_hold()");
                } else if (on) {
                    st.execute("CREATE TRIGGER test_hold_i BEFORE INSERT ON runs"
                            + " BEGIN SELECT RAISE(ABORT, 'held by the test'); END");
                    st.execute("CREATE TRIGGER test_hold_u BEFORE UPDATE ON runs"
                            + " BEGIN SELECT RAISE(ABORT, 'held by the test'); END");
                } else if (pg) {
                    st.execute("DROP TRIGGER test_hold ON runs");
                } else {
                    st.execute("DROP TRIGGER test_hold_i");
                    st.execute("DROP TRIGGER test_hold_u");
                }
            }
            return null;
        });
    }
}

package dev.tejun.server.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.SshdHosts;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code approve-after-first-batch=true} on an ssh cell through a whole server: the canary batch runs, the cell
 * waits for an approval like a pause cell, and goes on when it is given. Since the server timed every executor (its
 * metrics), the hold points were wired only into factories the wiring could still recognise, which it no longer
 * could: every such cell failed at once, "needs someone to approve", in the notebook and over REST alike.
 */
@Tag("e2e")
class RolloutHoldServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @SshdHosts(2)
    static Sshd sshd;

    @TempDir
    Path temp;

    @Test
    void sshRollout_waitsAfterTheCanary_thenRunsTheRestOnceApproved() throws Exception {
        try (TestServer t = TestServer.reaching(temp, sshd)) {
            t.write(
                    "roll.md",
                    "# Roll\n\n```ssh {#roll hosts=web batch=1 approve-after-first-batch=true}\necho fine\n```\n");
            String runId = JSON.readTree(
                            t.post("/api/runs", "{\"runbook\":\"roll.md\"}").body())
                    .path("runId")
                    .asText();

            Await.until(
                    () -> JSON.readTree(t.get("/api/approvals").body()).size() == 1 || ended(t, runId),
                    "the rollout waits after its canary (or ends)");
            JsonNode waiting = JSON.readTree(t.get("/api/approvals").body());
            assertEquals(
                    1,
                    waiting.size(),
                    "run " + status(t, runId) + ": "
                            + t.get("/api/runs/" + runId + "/report.md").body());
            assertEquals(runId, waiting.get(0).path("runId").asText());

            JsonNode approval = waiting.get(0);
            assertEquals(
                    200,
                    t.post("/api/approvals/" + approval.path("id").asText() + "/approve", "{}")
                            .statusCode());
            Await.until(() -> ended(t, runId), "the rollout goes on and ends");
            assertEquals("OK", status(t, runId), t.get("/api/runs/" + runId).body());
            assertTrue(approval.path("message").asText().contains("web1"), approval.toString());
        }
    }

    private static boolean ended(TestServer t, String runId) throws Exception {
        String status = status(t, runId);
        // empty while the run is not listed yet
        return !status.isEmpty() && !status.equals("RUNNING") && !status.equals("QUEUED");
    }

    private static String status(TestServer t, String runId) throws Exception {
        return JSON.readTree(t.get("/api/runs/" + runId).body()).path("status").asText();
    }
}

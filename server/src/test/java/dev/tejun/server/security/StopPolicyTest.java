package dev.tejun.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stop is decided by the one run policy from what the run itself was queued with, so the socket's interrupt and
 * REST's stop agree, also once the runbook's file is gone. Before, each entry point read the file again in its own
 * way: REST skipped the role check when the file was missing (an operator stopped a run that required dba), and the
 * socket could not read it and refused to interrupt at all (the run went on).
 */
class StopPolicyTest {

    static final String GUARDED = """
            ---
            requires: [dba]
            ---
            # Guarded

            ```sh {#slow}
            echo started; sleep 30; echo never
            ```
            """;

    @Served
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t.write("guarded.md", GUARDED);
    }

    @Test
    void restStop_runbookDeletedDuringTheRun_stillNeedsTheRolesTheRunRequired() throws Exception {
        String operator = t.userWith("op", Role.OPERATOR);
        HttpResponse<String> started = t.post("/api/runs", "{\"runbook\":\"guarded.md\"}");
        assertEquals(201, started.statusCode(), started.body());
        String runId = new ObjectMapper().readTree(started.body()).path("runId").asText();
        Files.delete(t.runbooks.resolve("guarded.md"));

        HttpResponse<String> refused = t.as(operator, "POST", "/api/runs/" + runId + "/stop", "");
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals(
                "guarded.md requires role dba",
                new ObjectMapper().readTree(refused.body()).path("error").asText());

        // the admin holds every role; the run goes on without its file (it runs the text it was accepted with)
        HttpResponse<String> admin = t.post("/api/runs/" + runId + "/stop", "");
        assertEquals(202, admin.statusCode(), admin.body());
    }

    @Test
    void socketInterrupt_runbookDeletedDuringTheRun_stopsTheRun() throws Exception {
        try (WsClient ws = t.connect("guarded.md")) {
            ws.send("{\"type\":\"attach\",\"since\":0}");
            ws.send("{\"type\":\"execute\",\"cellId\":\"slow\"}");
            String runId = ws.next("accepted").path("runId").asText();
            ws.eventsUntil(e -> e.path("type").asText().equals("cell-output"));
            Files.delete(t.runbooks.resolve("guarded.md"));

            ws.send("{\"type\":\"interrupt\",\"id\":\"stop\"}");
            JsonNode reply = null;
            JsonNode finished = null;
            while (reply == null
                    || (finished == null && reply.path("type").asText().equals("accepted"))) {
                JsonNode n = ws.next();
                if (n.path("replyTo").asText().equals("stop")) {
                    reply = n;
                } else if (WsClient.runFinished(runId).test(n)) {
                    finished = n;
                }
            }
            assertEquals("accepted", reply.path("type").asText(), reply.toString());
            assertEquals(runId, reply.path("runId").asText());
            assertEquals("stopped", finished.path("status").asText());
        }
    }
}

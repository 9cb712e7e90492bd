package dev.tejun.server.guard.once;

import static dev.tejun.server.fixtures.WsClient.runFinished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A once=true cell in a notebook session: after it succeeded, a repeat must name the run it succeeded in. */
class OnceCellSocketTest {

    @Served
    private TestServer t;

    @BeforeEach
    void start() throws Exception {
        t.write("wipe.md", "# Wipe\n\n```sh {#wipe once=true}\necho wiped\n```\n\n```sh {#look}\necho look\n```\n");
    }

    private String runOk(WsClient ws, String message) throws Exception {
        ws.send(message);
        String runId = ws.next("accepted").path("runId").asText();
        assertEquals(
                "ok",
                ws.eventsUntil(runFinished(runId)).getLast().path("status").asText());
        return runId;
    }

    @Test
    void execute_onceCellAgain_refusedUntilConfirmedWithEarlierRun() throws Exception {
        try (WsClient ws = t.connect("wipe.md")) {
            ws.send("{\"type\":\"attach\",\"since\":0}");
            ws.next("snapshot");
            String first = runOk(ws, "{\"type\":\"execute\",\"id\":\"a\",\"cellId\":\"wipe\"}");

            ws.send("{\"type\":\"execute\",\"id\":\"b\",\"cellId\":\"wipe\"}");
            JsonNode refused = ws.next("error");
            assertTrue(
                    refused.toString().contains("once=true and already succeeded in run " + first), refused.toString());
            // other cells are not held back, and run-all is refused the same way
            runOk(ws, "{\"type\":\"execute\",\"id\":\"c\",\"cellId\":\"look\"}");
            ws.send("{\"type\":\"run-all\",\"id\":\"d\"}");
            assertTrue(ws.next("error").toString().contains("confirmRun"));
            ws.send("{\"type\":\"execute\",\"id\":\"e\",\"cellId\":\"wipe\",\"confirmRun\":\"not-that-run\"}");
            ws.next("error");

            String second = runOk(
                    ws, "{\"type\":\"execute\",\"id\":\"f\",\"cellId\":\"wipe\",\"confirmRun\":\"" + first + "\"}");
            ws.send("{\"type\":\"execute\",\"id\":\"g\",\"cellId\":\"wipe\",\"confirmRun\":\"" + first + "\"}");
            assertTrue(ws.next("error").toString().contains("already succeeded in run " + second));
        }
    }
}

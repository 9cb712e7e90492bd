package dev.tejun.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, section 3: flows honour {@code requires:}. An operator ran {@code requires: [admin]} runbooks through a
 * flow; now the starter's roles are checked at start against every runbook the flow runs (REST start, a
 * {@code flow} cell), and again per node as the runbook is when the node runs.
 */
class FlowRolesSecurityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    private Path adminOnly() throws Exception {
        Path marker = tmp.resolve("admin-ran");
        ts.write("admin.md", """
                ---
                requires: [admin]
                ---
                ```sh
                touch %s
                ```
                """.formatted(marker));
        ts.write("ops.flow.yaml", """
                title: Ops
                nodes:
                  - { id: fix, type: runbook, runbook: admin.md, next: done }
                  - { id: done, type: end }
                """);
        return marker;
    }

    @Test
    void restStart_operatorFlowWithAdminNode_403NothingRuns() throws Exception {
        ts = new TestServer(tmp);
        Path marker = adminOnly();
        String operator = ts.userWith("op", Role.OPERATOR);
        HttpResponse<String> r = ts.as(operator, "POST", "/api/flows/ops.flow.yaml/start", "{}");
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("admin.md requires role admin"), r.body());
        Thread.sleep(500);
        assertFalse(Files.exists(marker));
        assertEquals("[]", JSON.readTree(ts.get("/api/flow-instances").body()).toString());
        String audit = ts.get("/api/audit?user=op&action=flow.start").body();
        assertTrue(audit.contains("refused") && audit.contains("requires role admin"), audit);
    }

    @Test
    void flowCell_operatorRunsFlowWithAdminNode_cellFailsNothingRuns() throws Exception {
        ts = new TestServer(tmp);
        Path marker = adminOnly();
        ts.write("book.md", "```flow {#go flow=ops.flow.yaml}\n```\n");
        String operator = ts.userWith("op", Role.OPERATOR);
        try (WsClient ws = WsClient.connect(
                ts, "book.md", Map.of("Origin", ts.server.baseUrl(), "Authorization", "Bearer " + operator))) {
            ws.send("{\"type\":\"attach\",\"since\":0}");
            ws.send("{\"type\":\"execute\",\"id\":\"1\",\"cellId\":\"go\"}");
            String runId = ws.next("accepted").get("runId").asText();
            JsonNode finished = ws.eventsUntil(WsClient.runFinished(runId)).stream()
                    .filter(e -> e.path("type").asText().equals("cell-finished"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("failed", finished.get("status").asText().toLowerCase(), finished.toString());
        }
        assertFalse(Files.exists(marker), "an operator ran a requires: [admin] runbook through a flow cell");
    }

    @Test
    void perNode_requiresAddedWhileFlowWaits_nodeRefusedNothingRuns() throws Exception {
        ts = new TestServer(tmp);
        Path marker = tmp.resolve("later-ran");
        ts.write("later.md", "```sh\ntouch " + marker + "\n```\n");
        ts.write("wait.flow.yaml", """
                title: Wait
                nodes:
                  - { id: gate, type: pause, message: "Go on?", next: later }
                  - { id: later, type: runbook, runbook: later.md, next: done }
                  - { id: done, type: end }
                """);
        String operator = ts.userWith("op", Role.OPERATOR);
        HttpResponse<String> started = ts.as(operator, "POST", "/api/flows/wait.flow.yaml/start", "{}");
        assertEquals(201, started.statusCode(), started.body());
        String id = JSON.readTree(started.body()).get("id").asText();
        // while the flow waits, the runbook it will run becomes admin-only
        ts.write("later.md", "---\nrequires: [admin]\n---\n```sh\ntouch " + marker + "\n```\n");
        Await.until(
                () -> ts.post("/api/flow-instances/" + id + "/approve", "{\"nodeId\":\"gate\"}")
                                .statusCode()
                        == 200,
                "the pause to be approved");
        Await.until(
                () -> JSON.readTree(ts.get("/api/flow-instances/" + id).body())
                        .get("status")
                        .asText()
                        .equals("failed"),
                "the flow to fail at the refused node");
        String fi = ts.get("/api/flow-instances/" + id).body();
        assertTrue(fi.contains("refused") && fi.contains("requires role admin"), fi);
        assertFalse(Files.exists(marker), "the node ran a runbook its starter may no longer run");
    }
}

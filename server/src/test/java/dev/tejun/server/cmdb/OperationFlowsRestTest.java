package dev.tejun.server.cmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.kernel.exec.cmdb.CmdbExecutorFactory;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flow instances driven by an operation: linked to it like runs, moving its status, refused before they start. */
class OperationFlowsRestTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String FLOW = """
            title: Ports of an operation
            params:
              operation: { default: "" }
            nodes:
              - id: ports
                type: runbook
                runbook: %s
                operation: "${params.operation}"
                next: end
              - id: end
                type: end
            """;

    @TempDir
    Path temp;

    @AutoClose
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(
                temp,
                TestServer.executors(c -> List.of(new ShellExecutorFactory(), new CmdbExecutorFactory(c.cmdb()))));
        CmdbSamples.fill(t.cmdb);
        t.write("ports.md", OperationsRestTest.RUNBOOK);
        t.write("broken.md", """
                ---
                params:
                  operation: { default: "" }
                ---
                # Broken

                ```sh {#fail}
                exit 3
                ```
                """);
        t.write("ports.flow.yaml", FLOW.formatted("ports.md"));
        t.write("broken.flow.yaml", FLOW.formatted("broken.md"));
        t.cmdb.register("web", RowDraft.host("web1", "patch-7", Map.of("port", 9090)), Actor.SYSTEM);
        t.post("/api/cmdb/operations", "{\"name\":\"patch-7\"}");
    }

    @Test
    void flow_forAnOperation_linksItselfAndItsNodeRun_andTheOperationEndsDone() throws Exception {
        String id = startFlow("ports.flow.yaml", "patch-7");
        JsonNode op = awaitStatus("patch-7", "done");
        List<String> kinds = new ArrayList<>();
        String runId = null;
        for (JsonNode link : op.path("links")) {
            kinds.add(link.path("kind").asText());
            assertEquals("ok", link.path("outcome").asText(), link.toString());
            if (link.path("kind").asText().equals("run")) {
                runId = link.path("ref").asText();
            }
        }
        assertEquals(List.of("flow", "run"), kinds, op.toString());
        assertEquals(id, op.path("links").get(0).path("ref").asText(), "the instance is in the operation's history");
        String table = t.get("/api/runs/" + runId + "/cells/q/stdout").body();
        assertTrue(table.contains("9090") && !table.contains("8080"), "the node read the operation's rows: " + table);
        Await.until(
                () -> t.get("/api/audit?action=operation.flow-ended").body().contains("instance " + id + " ok"),
                "the operation's flow-ended audit entry");
        assertTrue(t.get("/api/audit?action=operation.flow-started").body().contains("instance " + id));
    }

    @Test
    void flow_whoseNodeFails_theOperationEndsFailed() throws Exception {
        String id = startFlow("broken.flow.yaml", "patch-7");
        JsonNode op = awaitStatus("patch-7", "failed");
        JsonNode flow = op.path("links").get(0);
        assertEquals(id, flow.path("ref").asText());
        assertEquals("failed", flow.path("outcome").asText(), op.toString());
    }

    @Test
    void flow_unknownOrCancelledOperation_400AndNoInstance() throws Exception {
        assertRefused("nope", "unknown operation 'nope'");
        t.post("/api/cmdb/operations", "{\"name\":\"gone\"}");
        t.post("/api/cmdb/operations/gone/cancel", "{\"version\":1}");
        assertRefused("gone", "operation gone is cancelled");
        assertEquals("[]", t.get("/api/flow-instances").body().replaceAll("\\s", ""), "nothing started");
    }

    @Test
    void flow_withoutOperation_linksNothing() throws Exception {
        HttpResponse<String> r = t.post("/api/flows/ports.flow.yaml/start", "{\"params\":{}}");
        assertEquals(201, r.statusCode(), r.body());
        String id = JSON.readTree(r.body()).path("id").asText();
        Await.until(
                () -> JSON.readTree(t.get("/api/flow-instances/" + id).body())
                        .path("status")
                        .asText()
                        .equals("ok"),
                "the flow done");
        JsonNode op = JSON.readTree(t.get("/api/cmdb/operations/patch-7").body());
        assertEquals(0, op.path("links").size(), op.toString());
        assertEquals("planned", op.path("status").asText());
    }

    private void assertRefused(String operation, String message) throws Exception {
        HttpResponse<String> r =
                t.post("/api/flows/ports.flow.yaml/start", "{\"params\":{\"operation\":\"" + operation + "\"}}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains(message), r.body());
    }

    private String startFlow(String flow, String operation) throws Exception {
        HttpResponse<String> r =
                t.post("/api/flows/" + flow + "/start", "{\"params\":{\"operation\":\"" + operation + "\"}}");
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("id").asText();
    }

    private JsonNode awaitStatus(String operation, String status) throws Exception {
        Await.until(
                () -> JSON.readTree(t.get("/api/cmdb/operations/" + operation).body())
                        .path("status")
                        .asText()
                        .equals(status),
                "operation " + operation + " " + status);
        return JSON.readTree(t.get("/api/cmdb/operations/" + operation).body());
    }
}

package dev.tejun.server.cmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.kernel.exec.cmdb.CmdbExecutorFactory;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operation list over REST and runs started for an operation or as of a past time, on a real server. */
class OperationsRestTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String RUNBOOK = """
            ---
            params:
              operation: { default: "" }
              as-of: { default: "" }
            ---
            # Ports

            ```cmdb {#q}
            SELECT host, port FROM web ORDER BY host
            ```
            """;

    @TempDir
    Path temp;

    @AutoClose
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        // the server's cmdb cells on the test's store, as a real server has them
        t = new TestServer(
                temp,
                TestServer.executors(c -> List.of(new ShellExecutorFactory(), new CmdbExecutorFactory(c.cmdb()))));
        CmdbSamples.fill(t.cmdb);
        t.write("ports.md", RUNBOOK);
    }

    @Test
    void operations_editorCreatesUpdatesCancels_viewerRefused_everyChangeAudited() throws Exception {
        String editor = t.userWith("ed", Role.EDITOR);
        String viewer = t.userWith("vi", Role.VIEWER);
        HttpResponse<String> made = t.as(editor, "POST", "/api/cmdb/operations", """
                {"name":"patch-7","planned":"2026-11-01T10:00+09:00[Asia/Tokyo]","owner":"ed","notes":"kernel"}""");
        assertEquals(201, made.statusCode(), made.body());
        JsonNode op = JSON.readTree(made.body());
        assertEquals("2026-11-01T10:00+09:00[Asia/Tokyo]", op.path("planned").asText());
        assertEquals("2026-11-01T01:00:00Z", op.path("plannedInstant").asText());
        assertEquals("planned", op.path("status").asText());

        assertEquals(
                403,
                t.as(viewer, "POST", "/api/cmdb/operations", "{\"name\":\"x\"}").statusCode());
        assertEquals(
                403,
                t.as(viewer, "POST", "/api/cmdb/operations/patch-7/cancel", "{\"version\":1}")
                        .statusCode());
        JsonNode list =
                JSON.readTree(t.as(viewer, "GET", "/api/cmdb/operations", null).body());
        assertEquals(1, list.size());

        HttpResponse<String> bad =
                t.as(editor, "POST", "/api/cmdb/operations", "{\"name\":\"y\",\"planned\":\"soon\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("planned 'soon' is not a time"), bad.body());
        assertEquals(
                409,
                t.as(editor, "POST", "/api/cmdb/operations", "{\"name\":\"patch-7\"}")
                        .statusCode());

        HttpResponse<String> moved = t.as(editor, "PUT", "/api/cmdb/operations/patch-7", """
                {"planned":"2026-11-02T22:00-05:00","owner":"ed","notes":"moved","version":1}""");
        assertEquals(200, moved.statusCode(), moved.body());
        assertEquals(
                409,
                t.as(editor, "PUT", "/api/cmdb/operations/patch-7", "{\"version\":1}")
                        .statusCode(),
                "a stale version is refused");
        HttpResponse<String> cancelled = t.as(editor, "POST", "/api/cmdb/operations/patch-7/cancel", "{\"version\":2}");
        assertEquals("cancelled", JSON.readTree(cancelled.body()).path("status").asText(), cancelled.body());

        String audit = t.get("/api/audit?user=ed").body();
        assertTrue(audit.contains("POST /api/cmdb/operations\""), audit);
        assertTrue(audit.contains("PUT /api/cmdb/operations/{name}"), audit);
        assertTrue(audit.contains("POST /api/cmdb/operations/{name}/cancel"), audit);
        assertTrue(t.get("/api/audit?user=vi").body().contains("403"), "the refusals are audited too");
    }

    @Test
    void run_forAnOperation_readsItsRows_linksItself_andTheOperationEndsDone() throws Exception {
        t.cmdb.register("web", RowDraft.host("web1", "patch-7", Map.of("port", 9090)), Actor.SYSTEM);
        t.post("/api/cmdb/operations", "{\"name\":\"patch-7\"}");
        String runId = start("{\"runbook\":\"ports.md\",\"params\":{\"operation\":\"patch-7\"}}");
        Await.until(
                () -> JSON.readTree(t.get("/api/cmdb/operations/patch-7").body())
                        .path("status")
                        .asText()
                        .equals("done"),
                "the operation done");
        String table = t.get("/api/runs/" + runId + "/cells/q/stdout").body();
        assertTrue(table.contains("9090") && table.contains("8081") && !table.contains("8080"), table);
        assertTrue(t.get("/api/runs/" + runId + "/cells/q/stderr").body().contains("CMDB: operation patch-7"));
        JsonNode op = JSON.readTree(t.get("/api/cmdb/operations/patch-7").body());
        assertEquals(runId, op.path("links").get(0).path("ref").asText());
        assertEquals("ok", op.path("links").get(0).path("outcome").asText());
        JsonNode runJson = JSON.readTree(t.get("/api/runs/" + runId).body());
        assertEquals("patch-7", runJson.path("params").path("operation").asText(), "evidence names the operation");
        // the run's records are written behind it: the audit entry may come just after the operation shows done
        Await.until(
                () -> t.get("/api/audit?action=operation.run-ended").body().contains("patch-7"),
                "the operation's run-ended audit entry");
    }

    @Test
    void run_asOfAPastTime_readsTheDesignAsItWasThen() throws Exception {
        Row web1 = t.cmdb.hostRow("web", "web1").orElseThrow();
        Instant then = web1.updatedAt();
        Await.until(() -> Instant.now().isAfter(then), "the clock past the first version");
        t.cmdb.update("web", web1.id(), web1.version(), RowDraft.host("web1", Map.of("port", 7777)), Actor.SYSTEM);
        String runId = start("{\"runbook\":\"ports.md\",\"params\":{\"as-of\":\"" + then + "\"}}");
        Await.until(() -> JSON.readTree(t.get("/api/runs/" + runId).body())
                .path("finishedAt")
                .isTextual());
        String table = t.get("/api/runs/" + runId + "/cells/q/stdout").body();
        assertTrue(table.contains("8080") && !table.contains("7777"), table);
        assertTrue(t.get("/api/runs/" + runId + "/cells/q/stderr").body().contains("as of " + then));
    }

    @Test
    void run_unknownOperation_cancelledOperation_futureOrUnreadableAsOf_400AndNothingRuns() throws Exception {
        assertRefused("{\"operation\":\"nope\"}", "unknown operation 'nope'");
        t.post("/api/cmdb/operations", "{\"name\":\"gone\"}");
        t.post("/api/cmdb/operations/gone/cancel", "{\"version\":1}");
        assertRefused("{\"operation\":\"gone\"}", "operation gone is cancelled");
        assertRefused("{\"as-of\":\"2999-01-01T00:00+09:00\"}", "is in the future");
        assertRefused("{\"as-of\":\"last tuesday\"}", "as-of 'last tuesday' is not a time");
        assertEquals("[]", t.get("/api/runs").body().replaceAll("\\s", ""), "nothing ran");
    }

    private void assertRefused(String params, String message) throws Exception {
        HttpResponse<String> r = t.post("/api/runs", "{\"runbook\":\"ports.md\",\"params\":" + params + "}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains(message), r.body());
    }

    private String start(String body) throws Exception {
        HttpResponse<String> r = t.post("/api/runs", body);
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("runId").asText();
    }
}

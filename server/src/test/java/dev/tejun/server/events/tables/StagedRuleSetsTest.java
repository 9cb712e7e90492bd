package dev.tejun.server.events.tables;

import static dev.tejun.server.events.tables.DecisionTableImportTest.row;
import static dev.tejun.server.events.tables.DecisionTableImportTest.workbook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rule set goes draft → staging → production: a draft is not tried, a staged set records what it would run and
 * runs nothing, and only an approver moves it on (audited with the stage it had).
 */
class StagedRuleSetsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT =
            "{\"source\":\"nagios\",\"labels\":{\"alertname\":\"NodeDown\",\"host\":\"n1\"}}";

    @Served
    private TestServer ts;

    @BeforeEach
    void start() throws Exception {
        ts.write("node.md", "---\nparams:\n  host: {}\n---\n# Node\n\n```sh\necho fencing ${params.host}\n```\n");
        HttpResponse<String> r = ts.postBytes("/api/rules/import", DecisionTableImportTest.XLSX, workbook(new Object[] {
            "ops",
            row("name", "labels.alertname =", "runbook", "param.host"),
            row("node-down", "NodeDown", "node.md", "${labels.host}")
        }));
        assertEquals(200, r.statusCode(), r.body());
    }

    private JsonNode receive() throws Exception {
        HttpResponse<String> r = ts.post("/api/events", EVENT);
        assertEquals(202, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("events").get(0);
    }

    private HttpResponse<String> stage(String token, String stage) throws Exception {
        return ts.as(token, "POST", "/api/rules/stage", "{\"file\":\"rules/ops.yaml\",\"stage\":\"" + stage + "\"}");
    }

    private JsonNode ledgerRow(long id) throws Exception {
        for (JsonNode e : JSON.readTree(ts.get("/api/events").body()).get("events")) {
            if (e.get("id").asLong() == id) {
                return e;
            }
        }
        throw new AssertionError("no event " + id);
    }

    @Test
    void importedSet_draftNotTried_stagingWouldRunNothingRuns_productionRuns() throws Exception {
        assertEquals(
                "draft",
                JSON.readTree(ts.get("/api/rules/stages").body())
                        .get("stages")
                        .get(0)
                        .get("stage")
                        .asText());
        assertEquals("no-match", receive().get("decision").asText());

        String editor = ts.userWith("ed", Role.EDITOR, Role.OPERATOR);
        assertEquals(403, stage(editor, "staging").statusCode(), "only an approver moves a rule set on");
        String approver = ts.userWith("ann", Role.APPROVER);
        assertEquals(200, stage(approver, "staging").statusCode());

        JsonNode staged = receive();
        assertEquals("would-run", staged.get("decision").asText(), staged.toString());
        assertEquals("n1", staged.get("params").get("host").asText());
        Thread.sleep(500);
        JsonNode row = ledgerRow(staged.get("eventId").asLong());
        assertEquals("would-run", row.get("decision").asText());
        assertTrue(row.path("runId").isNull() || row.path("runId").isMissingNode(), row.toString());

        assertEquals(200, stage(approver, "production").statusCode());
        ts.activateRule("rules/ops.yaml#node-down");
        JsonNode run = receive();
        assertEquals("run", run.get("decision").asText(), run.toString());
        long runEvent = run.get("eventId").asLong();
        Await.until(() -> !ledgerRow(runEvent).path("runStatus").asText("").isEmpty(), "the run's end");
        assertEquals(
                "ok",
                ledgerRow(runEvent).path("runStatus").asText(),
                ledgerRow(runEvent).toString());

        String audit = ts.get("/api/audit?action=rules.stage").body();
        assertTrue(audit.contains("\\\"from\\\":\\\"draft\\\"") && audit.contains("\\\"to\\\":\\\"staging\\\""), audit);
        assertTrue(
                audit.contains("\\\"from\\\":\\\"staging\\\"") && audit.contains("\\\"to\\\":\\\"production\\\""),
                audit);
        assertTrue(audit.contains("\"user\":\"ann\""), audit);
    }

    @Test
    void stage_unknownFileOrStage_refused() throws Exception {
        assertEquals(
                404,
                ts.post("/api/rules/stage", "{\"file\":\"rules/none.yaml\",\"stage\":\"staging\"}")
                        .statusCode());
        assertEquals(
                400,
                ts.post("/api/rules/stage", "{\"file\":\"../x.yaml\",\"stage\":\"staging\"}")
                        .statusCode());
        assertEquals(
                400,
                ts.post("/api/rules/stage", "{\"file\":\"rules/ops.yaml\",\"stage\":\"live\"}")
                        .statusCode());
    }
}

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

/** A decision table's hold column (承認待ち): a match waits for an approver, then runs with the event's params. */
class HeldForApprovalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Served
    private TestServer ts;

    @BeforeEach
    void start() throws Exception {
        ts.write("fence.md", "---\nparams:\n  host: {}\n---\n# Fence\n\n```sh\necho fencing ${params.host}\n```\n");
        HttpResponse<String> r = ts.postBytes("/api/rules/import", DecisionTableImportTest.XLSX, workbook(new Object[] {
            "fence",
            row("ルール名", "labels.alertname 等しい", "ランブック", "パラメータ.host", "承認待ち"),
            row("fence-host", "HostDown", "fence.md", "${labels.host}", "はい")
        }));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(
                200,
                ts.post("/api/rules/stage", "{\"file\":\"rules/fence.yaml\",\"stage\":\"production\"}")
                        .statusCode());
        ts.activateRule("rules/fence.yaml#fence-host");
    }

    private JsonNode ledger(long id) throws Exception {
        for (JsonNode e : JSON.readTree(ts.get("/api/events").body()).get("events")) {
            if (e.get("id").asLong() == id) {
                return e;
            }
        }
        throw new AssertionError("no event " + id);
    }

    @Test
    void heldMatch_runsNothingUntilAnApproverReleasesIt_once() throws Exception {
        HttpResponse<String> r =
                ts.post("/api/events", "{\"source\":\"m\",\"labels\":{\"alertname\":\"HostDown\",\"host\":\"n7\"}}");
        JsonNode held = JSON.readTree(r.body()).get("events").get(0);
        assertEquals("held", held.get("decision").asText(), held.toString());
        assertEquals("n7", held.get("params").get("host").asText());
        long id = held.get("eventId").asLong();
        Thread.sleep(300);
        assertTrue(ledger(id).get("runStatus").isNull(), "nothing runs while held");

        String operator = ts.userWith("op", Role.OPERATOR);
        assertEquals(
                403,
                ts.as(operator, "POST", "/api/events/" + id + "/approve", "").statusCode());
        String approver = ts.userWith("ann", Role.APPROVER);
        HttpResponse<String> approved = ts.as(approver, "POST", "/api/events/" + id + "/approve", "");
        assertEquals(200, approved.statusCode(), approved.body());
        assertEquals(
                java.util.List.of(),
                dev.tejun.server.apidoc.SchemaCheck.of(ts)
                        .answerProblems("POST", "/api/events/{id}/approve", approved));

        Await.until(() -> !ledger(id).get("runStatus").isNull(), "the released run");
        assertEquals("ok", ledger(id).get("runStatus").asText(), ledger(id).toString());
        assertEquals(
                409,
                ts.as(approver, "POST", "/api/events/" + id + "/approve", "").statusCode(),
                "only once");
        String audit = ts.get("/api/audit?action=event.approve").body();
        assertTrue(audit.contains("\"user\":\"ann\"") && audit.contains("fence-host"), audit);
    }
}

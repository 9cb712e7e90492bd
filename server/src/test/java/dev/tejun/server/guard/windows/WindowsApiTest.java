package dev.tejun.server.guard.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A runbook inside a freeze over REST: refused by hand until an approver grants an override, which is audited. */
class WindowsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A freeze that holds every instant these tests run at, so the real clock is inside it. */
    private static final String FOREVER =
            "type: block\ntimezone: UTC\nwindows:\n  - from: 2000-01-01\n    to: 2100-01-01\n";

    @Served
    private TestServer ts;

    private String operator;
    private String approver;

    @BeforeEach
    void start() throws Exception {
        ts.write("calendars/forever.yaml", FOREVER);
        ts.write("frozen.md", "---\nblackouts: [forever]\n---\n```sh\necho hi\n```\n");
        ts.write("free.md", "---\ntitle: free\n---\n```sh\necho hi\n```\n");
        ts.write("frozen.flow.yaml", """
                title: frozen flow
                blackouts: [forever]
                nodes:
                  - id: a
                    runbook: free.md
                """);
        operator = ts.userWith("olga", Role.OPERATOR);
        approver = ts.userWith("april", Role.APPROVER);
    }

    private HttpResponse<String> startRun(String runbook) throws Exception {
        return ts.as(operator, "POST", "/api/runs", "{\"runbook\":\"" + runbook + "\"}");
    }

    private List<AuditEntry> audit(String action) {
        return new AuditLog(ts.cmdb.database(), Clock.systemUTC())
                .query(new AuditLog.Filter(null, action, null, null, 100));
    }

    @Test
    void startRun_insideFreeze_refusedWithReasonAndAudited() throws Exception {
        HttpResponse<String> r = startRun("frozen.md");
        assertEquals(409, r.statusCode(), r.body());
        String error = JSON.readTree(r.body()).path("error").asText();
        assertTrue(error.contains("inside freeze forever until 2100-01-01T00:00:00Z"), error);
        assertTrue(error.contains("tejun windows override frozen.md"), error);
        assertEquals(1, audit("window.refused").size());
        assertEquals(201, startRun("free.md").statusCode());
    }

    @Test
    void override_grantedByApprover_letsTheRunStartAndIsAudited() throws Exception {
        String body = "{\"target\":\"frozen.md\",\"reason\":\"CHG-42 hotfix\",\"minutes\":30}";
        assertEquals(
                403, ts.as(operator, "POST", "/api/windows/overrides", body).statusCode());
        assertEquals(
                400,
                ts.as(approver, "POST", "/api/windows/overrides", "{\"target\":\"frozen.md\"}")
                        .statusCode());
        HttpResponse<String> granted = ts.as(approver, "POST", "/api/windows/overrides", body);
        assertEquals(201, granted.statusCode(), granted.body());

        List<AuditEntry> grants = audit("window.override");
        assertEquals(1, grants.size());
        assertEquals("april", grants.getFirst().user());
        assertTrue(
                grants.getFirst().detail().contains("CHG-42 hotfix"),
                grants.getFirst().detail());

        JsonNode status = JSON.readTree(
                ts.as(operator, "GET", "/api/windows?target=frozen.md", null).body());
        assertFalse(status.path("open").asBoolean());
        assertEquals("april", status.path("override").path("grantedBy").asText());

        assertEquals(201, startRun("frozen.md").statusCode());
        List<AuditEntry> used = audit("window.override-used");
        assertEquals(1, used.size());
        assertEquals("olga", used.getFirst().user());
    }

    @Test
    void flowStart_insideFreeze_refused() throws Exception {
        HttpResponse<String> r = ts.as(operator, "POST", "/api/flows/frozen.flow.yaml/start", "{}");
        assertEquals(409, r.statusCode(), r.body());
        assertTrue(r.body().contains("inside freeze forever"), r.body());
    }

    @Test
    void calendars_listedForAdminsOnly() throws Exception {
        assertEquals(403, ts.as(operator, "GET", "/api/calendars", null).statusCode());
        JsonNode list = JSON.readTree(ts.get("/api/calendars").body());
        assertEquals("forever", list.path("calendars").get(0).path("name").asText());
        assertEquals("block", list.path("calendars").get(0).path("type").asText());
        assertEquals(
                "2000-01-01T00:00",
                JSON.readTree(ts.get("/api/calendars/forever").body())
                        .path("windows")
                        .get(0)
                        .path("from")
                        .asText());
        assertEquals(404, ts.get("/api/calendars/nope").statusCode());
    }
}

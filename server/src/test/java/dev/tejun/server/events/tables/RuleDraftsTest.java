package dev.tejun.server.events.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rule set's draft lives beside its active version: events are decided by the active one until an approver
 * promotes the draft, which replaces it, audited; a draft with problems is refused whole.
 */
class RuleDraftsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Served
    private TestServer ts;

    private String editor;
    private String approver;

    private static final String ACTIVE =
            "rules:\n  - name: disk\n    when: { labels.alertname: DiskFull }\n    run: fix.md\n";
    private static final String DRAFT =
            "rules:\n  - name: cpu\n    when: { labels.alertname: CpuHot }\n    run: fix.md\n";

    @BeforeEach
    void files() throws Exception {
        ts.write("fix.md", "```sh\ntrue\n```\n");
        ts.write("rules/ops.yaml", ACTIVE);
        assertEquals(
                200,
                ts.post("/api/rules/stage", "{\"file\":\"rules/ops.yaml\",\"stage\":\"staging\"}")
                        .statusCode());
        editor = ts.userWith("author", Role.EDITOR);
        approver = ts.userWith("boss", Role.APPROVER);
    }

    private HttpResponse<String> save(String token, String text) throws Exception {
        return ts.as(
                token,
                "PUT",
                "/api/rules/draft",
                JSON.writeValueAsString(java.util.Map.of("file", "rules/ops.yaml", "text", text)));
    }

    private String decisionOf(String alertname) throws Exception {
        HttpResponse<String> r =
                ts.post("/api/events", "{\"source\":\"t\",\"labels\":{\"alertname\":\"" + alertname + "\"}}");
        return JSON.readTree(r.body()).get("events").get(0).get("decision").asText();
    }

    @Test
    void draft_savedBesideTheActiveVersion_eventsStillDecidedByTheActiveOne() throws Exception {
        HttpResponse<String> saved = save(editor, DRAFT);
        assertEquals(200, saved.statusCode(), saved.body());
        assertEquals(DRAFT, Files.readString(ts.runbooks.resolve("rules/drafts/ops.yaml")));
        assertEquals(ACTIVE, Files.readString(ts.runbooks.resolve("rules/ops.yaml")));
        assertEquals("no-match", decisionOf("CpuHot"));
        assertEquals("would-run", decisionOf("DiskFull"));

        JsonNode both = JSON.readTree(ts.as(editor, "GET", "/api/rules/draft?file=rules/ops.yaml", null)
                .body());
        assertEquals(DRAFT, both.get("draft").asText());
        assertEquals(ACTIVE, both.get("active").asText());
    }

    @Test
    void draftWithProblems_refusedWithThemAll_nothingWritten() throws Exception {
        HttpResponse<String> r = save(editor, "rules:\n  - name: x\n    when: { labels.a: { regex: \"(\" } }\n");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("problem"), r.body());
        assertFalse(Files.exists(ts.runbooks.resolve("rules/drafts/ops.yaml")));
    }

    @Test
    void promote_onlyByAnApprover_replacesTheActiveVersion_audited() throws Exception {
        assertEquals(200, save(editor, DRAFT).statusCode());
        String promote = "{\"file\":\"rules/ops.yaml\"}";
        assertEquals(
                403, ts.as(editor, "POST", "/api/rules/draft/promote", promote).statusCode());
        assertEquals(ACTIVE, Files.readString(ts.runbooks.resolve("rules/ops.yaml")));

        HttpResponse<String> done = ts.as(approver, "POST", "/api/rules/draft/promote", promote);
        assertEquals(200, done.statusCode(), done.body());
        assertEquals("staging", JSON.readTree(done.body()).get("stage").asText(), "the stage stays as it was");
        assertEquals(DRAFT, Files.readString(ts.runbooks.resolve("rules/ops.yaml")));
        assertFalse(Files.exists(ts.runbooks.resolve("rules/drafts/ops.yaml")));
        assertEquals("would-run", decisionOf("CpuHot"));
        String audit = ts.get("/api/audit?action=rules.draft").body();
        assertTrue(audit.contains("rules.draft-saved") && audit.contains("rules.draft-promoted"), audit);
        assertTrue(audit.contains("boss"), audit);
        assertEquals(
                404,
                ts.as(approver, "POST", "/api/rules/draft/promote", promote).statusCode());
    }

    @Test
    void discard_dropsTheDraft_theActiveVersionStays() throws Exception {
        assertEquals(200, save(editor, DRAFT).statusCode());
        assertEquals(
                204,
                ts.as(editor, "DELETE", "/api/rules/draft?file=rules/ops.yaml", null)
                        .statusCode());
        assertFalse(Files.exists(ts.runbooks.resolve("rules/drafts/ops.yaml")));
        assertEquals(
                404,
                ts.as(editor, "DELETE", "/api/rules/draft?file=rules/ops.yaml", null)
                        .statusCode());
        assertEquals(
                400,
                ts.as(editor, "GET", "/api/rules/draft?file=../etc/passwd", null)
                        .statusCode());
    }
}

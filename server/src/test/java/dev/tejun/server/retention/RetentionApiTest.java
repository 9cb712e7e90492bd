package dev.tejun.server.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.retention.SyntheticRuns;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retention over REST: admins prune (or try a dry run), place and lift legal holds; each change is audited. */
class RetentionApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Served
    TestServer t;

    List<String> ids;

    @BeforeEach
    void start() throws Exception {
        ids = new SyntheticRuns(t.data.resolve("evidence"), Instant.parse("2026-01-01T00:00:00Z"))
                .record("ops/patch.md", 5, 100);
        Files.writeString(t.data.resolve("retention.yaml"), "default: { keep-runs: 2 }\nledger: { keep-days: 30 }\n");
    }

    JsonNode post(String path, String body, int status) throws Exception {
        var r = t.post(path, body);
        assertEquals(status, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void prune_withAHold_prunesTheRestKeepsTheHeldAndVerifyPasses() throws Exception {
        post("/api/evidence/holds", "{\"kind\":\"run\",\"id\":\"" + ids.get(0) + "\",\"reason\":\"case 42\"}", 201);

        JsonNode dry = post("/api/evidence/prune", "{\"dryRun\":true}", 200);
        assertEquals(2, dry.path("pruned").size());
        assertTrue(Files.exists(t.data.resolve("evidence").resolve(ids.get(1)).resolve("cells/01-a/stdout.bin")));

        JsonNode done = post("/api/evidence/prune", "{}", 200);
        assertEquals(
                List.of(ids.get(1), ids.get(2)),
                List.of(
                        done.path("pruned").get(0).asText(),
                        done.path("pruned").get(1).asText()));
        assertEquals(ids.get(0), done.path("held").get(0).asText());
        assertTrue(Files.exists(t.data.resolve("evidence").resolve(ids.get(0)).resolve("cells/01-a/stdout.bin")));
        assertFalse(Files.exists(t.data.resolve("evidence").resolve(ids.get(1)).resolve("cells/01-a/stdout.bin")));
        JsonNode verify =
                JSON.readTree(t.get("/api/runs/" + ids.get(1) + "/verify").body());
        assertTrue(verify.path("ok").asBoolean(), verify.toString());
        assertTrue(verify.path("pruned").asBoolean(), verify.toString());

        JsonNode audit = JSON.readTree(t.get("/api/audit?action=evidence.prune").body());
        assertEquals(1, audit.size(), "the dry run changed nothing and is not audited");
        assertTrue(audit.get(0).path("detail").asText().startsWith("pruned 2 of 5 runs"));
        assertEquals(
                1,
                JSON.readTree(t.get("/api/audit?action=evidence.hold").body()).size());
    }

    @Test
    void hold_release_auditedAndAnsweredClearly() throws Exception {
        post("/api/evidence/holds", "{\"kind\":\"run\",\"id\":\"" + ids.get(0) + "\",\"reason\":\"case 42\"}", 201);
        assertEquals(
                1,
                JSON.readTree(t.get("/api/evidence/holds").body()).path("holds").size());

        assertEquals(
                200,
                t.as(t.token, "DELETE", "/api/evidence/holds/" + ids.get(0) + "?kind=run", null)
                        .statusCode());
        assertEquals(
                404,
                t.as(t.token, "DELETE", "/api/evidence/holds/" + ids.get(0) + "?kind=run", null)
                        .statusCode());
        assertEquals(
                2,
                JSON.readTree(t.get("/api/audit?action=evidence.release").body())
                        .size(),
                "lifted, then not held");

        assertTrue(post(
                        "/api/evidence/holds",
                        "{\"kind\":\"run\",\"id\":\"20990101-000000-abcdef\",\"reason\":\"x\"}",
                        400)
                .path("error")
                .asText()
                .contains("no run 20990101-000000-abcdef"));
        assertTrue(post("/api/evidence/holds", "{\"kind\":\"run\",\"id\":\"" + ids.get(0) + "\"}", 400)
                .path("error")
                .asText()
                .contains("needs a reason"));
        assertTrue(post("/api/evidence/holds", "{\"kind\":\"box\",\"id\":\"x\",\"reason\":\"x\"}", 400)
                .path("error")
                .asText()
                .contains("'run' or a 'flow'"));
    }

    @Test
    void prune_asOperator_refused() throws Exception {
        String operator = t.userWith("op", Role.OPERATOR);
        assertEquals(403, t.as(operator, "POST", "/api/evidence/prune", "{}").statusCode());
        assertEquals(403, t.as(operator, "POST", "/api/evidence/holds", "{}").statusCode());
        assertTrue(Files.exists(t.data.resolve("evidence").resolve(ids.get(0)).resolve("cells/01-a/stdout.bin")));
    }

    @Test
    void prune_ledger_removesOldEventsKeepsRecentAndTheAuditLog() throws Exception {
        var db = t.cmdb.database();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sched_events (received_at, source, status,"
                    + " labels, annotations, fields) VALUES (?, 'test', 'firing', '{}', '{}', '{}')")) {
                ps.setString(1, "2020-01-01T00:00:00Z");
                ps.executeUpdate();
                ps.setString(1, Instant.now().toString());
                ps.executeUpdate();
            }
            return null;
        });
        long auditBefore = count("audit_log");

        JsonNode done = post("/api/evidence/prune", "{}", 200);

        assertEquals(1, done.path("ledgerEvents").asInt());
        assertEquals(1, count("sched_events"));
        assertTrue(count("audit_log") > auditBefore, "the audit log only grows");
    }

    @Test
    void compare_overRest_cellsAndDiff() throws Exception {
        JsonNode c = JSON.readTree(
                t.get("/api/runs/" + ids.get(0) + "/compare?with=" + ids.get(1)).body());
        assertEquals(ids.get(0), c.path("a").path("runId").asText());
        assertEquals("a", c.path("cells").get(0).path("cellId").asText());
        assertEquals("{\"n\":[\"0\",\"1\"]}", c.path("params").toString());
        assertEquals(
                404,
                t.get("/api/runs/" + ids.get(0) + "/compare?with=20990101-000000-abcdef")
                        .statusCode());
    }

    @Test
    void rules_brokenFile_409NamesTheMistake() throws Exception {
        Files.writeString(t.data.resolve("retention.yaml"), "default: { keep-weeks: 2 }\n");
        var r = t.post("/api/evidence/prune", "{}");
        assertEquals(409, r.statusCode());
        assertTrue(r.body().contains("unknown key 'keep-weeks'"), r.body());
        assertTrue(Files.exists(t.data.resolve("evidence").resolve(ids.get(0)).resolve("cells/01-a/stdout.bin")));
    }

    long count(String table) {
        return t.cmdb.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}

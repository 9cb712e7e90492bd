package dev.tejun.server.runbooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Rename, move and delete of a runbook over REST (issue 17 §2): editors only, audited, refused while a schedule, flow
 * or alert rule names it; a moved runbook's runs keep their old name and are still found from the new one.
 */
class RunbookMovesApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "# Disk\n\n```sh\necho disk\n```\n";

    @Served
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t.write("ops/disk.md", FILE);
    }

    private String version(String name) throws Exception {
        return JSON.readTree(t.get("/api/runbooks/" + name).body())
                .path("version")
                .asText();
    }

    private HttpResponse<String> move(String token, String name, String to) throws Exception {
        return t.as(
                token,
                "POST",
                "/api/runbooks/" + name + "/move",
                "{\"to\":\"" + to + "\",\"version\":\"" + version(name) + "\"}");
    }

    private HttpResponse<String> delete(String token, String name) throws Exception {
        return t.as(token, "DELETE", "/api/runbooks/" + name, "{\"version\":\"" + version(name) + "\"}");
    }

    @Test
    void move_toAnotherFolder_movesTheBytesAndKeepsTheRunsFoundFromTheNewName() throws Exception {
        String runId = t.runEnded(t.post("/api/runs", "{\"runbook\":\"ops/disk.md\"}"), "OK");

        HttpResponse<String> r = move(t.token, "ops/disk.md", "storage/disk-check");

        assertEquals(201, r.statusCode(), r.body());
        assertEquals(
                "storage/disk-check.md", JSON.readTree(r.body()).path("name").asText(), r.body());
        assertEquals(FILE, Files.readString(t.runbooks.resolve("storage/disk-check.md")));
        assertFalse(Files.exists(t.runbooks.resolve("ops/disk.md")));
        assertEquals(404, t.get("/api/runbooks/ops/disk.md").statusCode());
        // the run keeps the name it ran under, and the new name's run list still shows it
        JsonNode runs =
                JSON.readTree(t.get("/api/runs?runbook=storage/disk-check.md").body());
        assertEquals(1, runs.size(), runs.toString());
        assertEquals(runId, runs.get(0).path("runId").asText());
        assertEquals("ops/disk.md", runs.get(0).path("runbook").asText());
        assertEquals(
                "[\"ops/disk.md\"]",
                t.get("/api/runbooks/storage/disk-check.md/former-names").body());

        // a second rename carries the first name along
        assertEquals(201, move(t.token, "storage/disk-check.md", "disk.md").statusCode());
        assertEquals(1, JSON.readTree(t.get("/api/runs?runbook=disk.md").body()).size());
        assertEquals(
                "[\"ops/disk.md\",\"storage/disk-check.md\"]",
                t.get("/api/runbooks/disk.md/former-names").body());
        assertEquals(
                "{\"ops/disk.md\":\"disk.md\",\"storage/disk-check.md\":\"disk.md\"}",
                t.get("/api/runbook-renames").body());
        String audit = t.get("/api/audit").body();
        assertTrue(audit.contains("/api/runbooks/ops/disk.md/move"), audit);
        assertTrue(audit.contains("storage/disk-check.md"), audit);
    }

    @Test
    void move_ontoAnExistingRunbook_isRefusedAndNothingChanges() throws Exception {
        t.write("other.md", "# Other\n");

        HttpResponse<String> r = move(t.token, "ops/disk.md", "other.md");

        assertEquals(409, r.statusCode(), r.body());
        assertEquals(FILE, Files.readString(t.runbooks.resolve("ops/disk.md")));
        assertEquals("# Other\n", Files.readString(t.runbooks.resolve("other.md")));
    }

    @Test
    void delete_removesTheFileIsAuditedAndToldToItsOpenTabs() throws Exception {
        try (WsClient open = t.connect("ops/disk.md")) {
            HttpResponse<String> r = delete(t.token, "ops/disk.md");

            assertEquals(200, r.statusCode(), r.body());
            JsonNode gone = open.next("runbook-saved");
            assertEquals("ops/disk.md", gone.path("runbook").asText());
            assertTrue(gone.path("version").isNull() || gone.path("version").isMissingNode(), gone.toString());
        }
        assertFalse(Files.exists(t.runbooks.resolve("ops/disk.md")));
        String audit = t.get("/api/audit").body();
        assertTrue(audit.contains("DELETE /api/runbooks/<name>"), audit);
    }

    @Test
    void delete_ofAStaleVersion_isRefused() throws Exception {
        String old = version("ops/disk.md");
        t.write("ops/disk.md", FILE + "\nmore\n");

        HttpResponse<String> r = t.as(t.token, "DELETE", "/api/runbooks/ops/disk.md", "{\"version\":\"" + old + "\"}");

        assertEquals(409, r.statusCode(), r.body());
        assertTrue(Files.exists(t.runbooks.resolve("ops/disk.md")));
    }

    @Test
    void moveAndDelete_byViewerOrOperator_areRefused403() throws Exception {
        for (Role role : new Role[] {Role.VIEWER, Role.OPERATOR}) {
            String token = t.userWith("u-" + role.name().toLowerCase(java.util.Locale.ROOT), role);

            assertEquals(403, move(token, "ops/disk.md", "moved.md").statusCode(), role.name());
            assertEquals(403, delete(token, "ops/disk.md").statusCode(), role.name());
        }
        assertTrue(Files.exists(t.runbooks.resolve("ops/disk.md")));
        assertFalse(Files.exists(t.runbooks.resolve("moved.md")));
    }

    @Test
    void moveAndDelete_whileAScheduleAFlowAndARuleReferToIt_areRefusedNamingEach() throws Exception {
        HttpResponse<String> s = t.post("/api/schedules", "{\"target\":\"ops/disk.md\",\"cron\":\"0 3 * * *\"}");
        assertEquals(201, s.statusCode(), s.body());
        t.write("nightly.flow.yaml", """
                title: Nightly
                nodes:
                  - { id: check, type: runbook, runbook: ops/disk.md, next: done }
                  - { id: done, type: end }
                """);
        t.write("rules/disk.yaml", """
                rules:
                  - name: full
                    when: { labels.alertname: DiskFull }
                    run: ops/disk.md
                """);

        HttpResponse<String> moved = move(t.token, "ops/disk.md", "gone.md");
        HttpResponse<String> deleted = delete(t.token, "ops/disk.md");

        for (HttpResponse<String> r : java.util.List.of(moved, deleted)) {
            assertEquals(409, r.statusCode(), r.body());
            String error = JSON.readTree(r.body()).path("error").asText();
            assertTrue(error.contains("schedule "), error);
            assertTrue(error.contains("flow nightly.flow.yaml node check"), error);
            assertTrue(error.contains("alert rule rules/disk.yaml#full"), error);
        }
        assertEquals(FILE, Files.readString(t.runbooks.resolve("ops/disk.md")));
        assertFalse(Files.exists(t.runbooks.resolve("gone.md")));
    }
}

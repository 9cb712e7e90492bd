package dev.tejun.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, section 3: alert rules are in the runbooks folder, which editors write. An editor who maps a common
 * alert to a runbook of their own does not get it run by the {@code events} service (which holds operator): a rule
 * runs only once a user allowed to run its target activated it, in that user's name, and any later change of the
 * rule file or the runbook suspends it. Real server, real rule files, real {@code sh} cells.
 */
@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class RuleActivationSecurityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULE_ID = "rules/editor.yaml#any-alert";
    /** The rule id in a URL path: the '#' would end the path. */
    private static final String RULE_PATH = "rules/editor.yaml%23any-alert";

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    private String alertmanager;
    private Path marker;

    @BeforeEach
    void start() throws Exception {
        ts = new TestServer(tmp);
        alertmanager = ts.userWith("am", Role.OPERATOR); // who posts events; the runs are never in its name
        marker = tmp.resolve("ran");
    }

    /** The editor's rule: any firing event runs {@code target}. Written into the folder, as a Git merge would. */
    private void rule(String target) throws Exception {
        ts.write("rules/editor.yaml", """
                rules:
                  - name: any-alert
                    run: %s
                """.formatted(target));
    }

    private static String appender(Path marker, String word) {
        return "```sh\necho " + word + " >> " + marker + "\n```\n";
    }

    private void save(String token, String name, String text) throws Exception {
        String version = "";
        HttpResponse<String> current = ts.as(token, "GET", "/api/runbooks/" + name, null);
        if (current.statusCode() == 200) {
            version = JSON.readTree(current.body()).path("version").asText();
        }
        HttpResponse<String> r = ts.as(
                token,
                "PUT",
                "/api/runbooks/" + name,
                JSON.writeValueAsString(Map.of("text", text, "version", version)));
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.body());
    }

    /** Posts one generic event and returns its ledger row once it is decided and any run it chose ended. */
    private JsonNode event() throws Exception {
        HttpResponse<String> r = ts.as(
                alertmanager,
                "POST",
                "/api/events",
                "{\"source\":\"zabbix\",\"status\":\"firing\",\"labels\":{\"alertname\":\"DiskFull\"}}");
        assertEquals(202, r.statusCode(), r.body());
        long id = JSON.readTree(r.body()).get("events").get(0).get("eventId").asLong();
        JsonNode[] row = new JsonNode[1];
        Await.until(
                () -> {
                    for (JsonNode e :
                            JSON.readTree(ts.get("/api/events").body()).get("events")) {
                        if (e.get("id").asLong() == id
                                && (!e.get("decision").asText().equals("run")
                                        || !e.get("runStatus").isNull())) {
                            row[0] = e;
                            return true;
                        }
                    }
                    return false;
                },
                "event " + id + " to be decided and its run to end");
        return row[0];
    }

    private JsonNode listed() throws Exception {
        for (JsonNode r : JSON.readTree(ts.get("/api/rules").body()).get("rules")) {
            if (r.get("id").asText().equals(RULE_ID)) {
                return r;
            }
        }
        throw new AssertionError(
                "rule " + RULE_ID + " not listed: " + ts.get("/api/rules").body());
    }

    private HttpResponse<String> activate(String token) throws Exception {
        return ts.as(token, "POST", "/api/rules/" + RULE_PATH + "/activate", "");
    }

    @Test
    void editorRule_notRunUntilActivated_thenRunsAsOperator_editSuspends() throws Exception {
        String editor = ts.userWith("ed", Role.EDITOR);
        String operator = ts.userWith("op", Role.OPERATOR);
        save(editor, "mine.md", appender(marker, "editor-code"));
        rule("mine.md");

        JsonNode first = event();
        assertEquals("inactive", first.get("decision").asText(), first.toString());
        assertEquals("rule not activated", first.get("reason").asText(), first.toString());
        assertFalse(Files.exists(marker), "an editor's rule ran without anybody activating it");
        assertEquals("inactive", listed().get("state").asText());
        String audit = ts.get("/api/audit?action=rule.not-run").body();
        assertTrue(audit.contains(RULE_ID) && audit.contains("rule not activated"), audit);
        assertEquals(403, activate(editor).statusCode(), "an editor cannot activate");

        HttpResponse<String> activated = activate(operator);
        assertEquals(200, activated.statusCode(), activated.body());
        assertEquals("active", JSON.readTree(activated.body()).get("state").asText(), activated.body());
        JsonNode second = event();
        assertEquals("ok", second.get("runStatus").asText(), second.toString());
        assertEquals("editor-code\n", Files.readString(marker));
        JsonNode runs = JSON.readTree(ts.get("/api/runs?user=op").body());
        assertEquals(1, runs.size(), "the run is in the activator's name: " + runs);
        assertEquals(0, JSON.readTree(ts.get("/api/runs?user=events").body()).size(), "not the events service's");

        save(editor, "mine.md", appender(marker, "changed-code"));
        JsonNode third = event();
        assertEquals("inactive", third.get("decision").asText(), third.toString());
        assertTrue(third.get("reason").asText().startsWith("suspended: file changed by ed"), third.toString());
        assertEquals("editor-code\n", Files.readString(marker), "the editor's change ran under the activation");
        assertEquals("suspended", listed().get("state").asText());
        String audited = ts.get("/api/audit?action=rule.").body();
        assertTrue(audited.contains("rule.activate") && audited.contains("rule.suspend"), audited);
    }

    @Test
    void activatedRule_ruleFileEdited_suspended() throws Exception {
        ts.write("job.md", appender(marker, "job"));
        rule("job.md");
        assertEquals(
                200,
                ts.as(ts.userWith("op", Role.OPERATOR), "POST", "/api/rules/" + RULE_PATH + "/activate", "")
                        .statusCode());
        ts.write("rules/editor.yaml", """
                rules:
                  - name: any-alert
                    run: job.md
                    params: { extra: "${labels.alertname}" }
                """);
        JsonNode e = event();
        assertEquals("inactive", e.get("decision").asText(), e.toString());
        assertTrue(e.get("reason").asText().startsWith("suspended: file changed"), e.toString());
        assertFalse(Files.exists(marker));
    }

    @Test
    void activate_targetRequiresAdmin_operatorRefused403Audited() throws Exception {
        String operator = ts.userWith("op", Role.OPERATOR);
        ts.write("admin.md", "---\nrequires: [admin]\n---\n" + appender(marker, "admin"));
        rule("admin.md");
        HttpResponse<String> r = activate(operator);
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("requires role admin"), r.body());
        assertEquals("inactive", listed().get("state").asText());
        assertEquals("inactive", event().get("decision").asText());
        assertFalse(Files.exists(marker));
        String audit = ts.get("/api/audit?action=rule.activate").body();
        assertTrue(audit.contains("refused") && audit.contains("\"op\""), audit);
    }

    @Test
    void activatedRule_activatorDisabled_refusedWhenItFires() throws Exception {
        String operator = ts.userWith("op", Role.OPERATOR);
        ts.write("job.md", appender(marker, "job"));
        rule("job.md");
        assertEquals(200, activate(operator).statusCode());
        assertEquals("ok", event().get("runStatus").asText());
        assertEquals(200, ts.put("/api/users/op", "{\"disabled\":true}").statusCode());

        JsonNode e = event();
        assertEquals("run", e.get("decision").asText(), "still active: the roles are checked when it fires");
        assertEquals("failed", e.get("runStatus").asText(), e.toString());
        assertTrue(e.get("runId").isNull(), "nothing started: " + e);
        assertTrue(e.get("runMessage").asText().contains("op may not run job.md"), e.toString());
        assertEquals("job\n", Files.readString(marker), "a rule ran on in the name of a disabled user");
    }
}

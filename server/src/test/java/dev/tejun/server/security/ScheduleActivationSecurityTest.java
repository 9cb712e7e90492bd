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
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, section 3: an editor who writes {@code schedule:} into a runbook does not get it run by the scheduler.
 * A schedule declared in a file runs only after a user allowed to run it activated it, in that user's name, and a
 * later change of its files suspends it. The schedules fire every second on the real clock; "does not run" is
 * checked over several fire times.
 */
@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class ScheduleActivationSecurityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Three fire times of an every-second schedule, and the scheduler's tick, with room to spare. */
    private static final long SEVERAL_FIRE_TIMES_MS = 3500;

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    private HttpResponse<String> save(String token, String name, String text) throws Exception {
        String version = "";
        HttpResponse<String> current = ts.as(token, "GET", "/api/runbooks/" + name, null);
        if (current.statusCode() == 200) {
            version = JSON.readTree(current.body()).path("version").asText();
        }
        HttpResponse<String> r = ts.as(
                token,
                "PUT",
                "/api/runbooks/" + name,
                JSON.writeValueAsString(java.util.Map.of("text", text, "version", version)));
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.body());
        return r;
    }

    private JsonNode schedule(String id) throws Exception {
        for (JsonNode s : JSON.readTree(ts.get("/api/schedules").body()).get("schedules")) {
            if (s.get("id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no schedule " + id + " listed");
    }

    private static String appender(Path marker, String word) {
        return """
                ---
                schedule: "* * * ? * *"
                ---
                ```sh
                echo %s >> %s
                ```
                """.formatted(word, marker);
    }

    @Test
    void editorSavesSchedule_notRunUntilOperatorActivates_thenRunsAsOperator_editSuspends() throws Exception {
        ts = new TestServer(tmp);
        String editor = ts.userWith("ed", Role.EDITOR);
        String operator = ts.userWith("op", Role.OPERATOR);
        Path marker = tmp.resolve("ran");

        save(editor, "ops/evil.md", appender(marker, "editor-code"));
        schedule("file:ops/evil.md"); // listing reads the folder again at once, so the scheduler sees the file now
        Thread.sleep(SEVERAL_FIRE_TIMES_MS);
        assertFalse(Files.exists(marker), "an editor's schedule ran without anybody activating it");
        JsonNode listed = schedule("file:ops/evil.md");
        assertEquals("inactive", listed.get("state").asText(), listed.toString());

        HttpResponse<String> byEditor = ts.as(editor, "POST", "/api/schedules/file:ops/evil.md/activate", "");
        assertEquals(403, byEditor.statusCode(), "an editor cannot activate: " + byEditor.body());

        HttpResponse<String> activated = ts.as(operator, "POST", "/api/schedules/file:ops/evil.md/activate", "");
        assertEquals(200, activated.statusCode(), activated.body());
        assertEquals("active", JSON.readTree(activated.body()).get("state").asText());
        assertEquals("op", JSON.readTree(activated.body()).get("activatedBy").asText());
        Await.until(() -> Files.exists(marker), "the activated schedule to run");
        Await.until(() -> JSON.readTree(ts.get("/api/runs?user=op").body()).size() > 0, "a run in op's name");

        save(editor, "ops/evil.md", appender(marker, "changed-code"));
        JsonNode suspended = schedule("file:ops/evil.md");
        assertEquals("suspended", suspended.get("state").asText(), suspended.toString());
        assertTrue(suspended.get("stateReason").asText().contains("by ed"), suspended.toString());
        Thread.sleep(SEVERAL_FIRE_TIMES_MS); // a run already going when the file changed may still end meanwhile
        String before = Files.readString(marker);
        Thread.sleep(SEVERAL_FIRE_TIMES_MS);
        assertEquals(before, Files.readString(marker), "a suspended schedule ran on");
        assertFalse(before.contains("changed-code"), "the editor's change ran under the operator's activation");
        String audit = ts.get("/api/audit?action=schedule.").body();
        assertTrue(audit.contains("schedule.activate") && audit.contains("schedule.suspend"), audit);
    }

    @Test
    void activate_runbookRequiresAdmin_operatorRefused403Audited() throws Exception {
        ts = new TestServer(tmp);
        String operator = ts.userWith("op", Role.OPERATOR);
        ts.write("admin.md", """
                ---
                requires: [operator, admin]
                schedule: "0 3 * * *"
                ---
                ```sh
                true
                ```
                """);
        HttpResponse<String> r = ts.as(operator, "POST", "/api/schedules/file:admin.md/activate", "");
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("requires role admin"), r.body());
        assertEquals("inactive", schedule("file:admin.md").get("state").asText());
        String audit = ts.get("/api/audit?action=schedule.activate").body();
        assertTrue(audit.contains("refused") && audit.contains("\"op\""), audit);
    }

    @Test
    void scheduledFlow_editorChangesARunbookItRuns_suspended() throws Exception {
        ts = new TestServer(tmp);
        String editor = ts.userWith("ed", Role.EDITOR);
        ts.write("step.md", "```sh\ntrue\n```\n");
        ts.write("nightly.flow.yaml", """
                title: Nightly
                schedule: "0 3 * * *"
                nodes:
                  - { id: step, type: runbook, runbook: step.md, next: done }
                  - { id: done, type: end }
                """);
        assertEquals(
                200,
                ts.post("/api/schedules/file:nightly.flow.yaml/activate", "").statusCode());
        assertEquals("active", schedule("file:nightly.flow.yaml").get("state").asText());

        save(editor, "step.md", "```sh\necho the editor's code\n```\n");
        JsonNode s = schedule("file:nightly.flow.yaml");
        assertEquals("suspended", s.get("state").asText(), s.toString());
        assertTrue(s.get("stateReason").asText().contains("ed"), s.toString());
    }

    @Test
    void apiSchedule_editorChangesItsRunbook_suspendedAndNotRun() throws Exception {
        ts = new TestServer(tmp);
        String editor = ts.userWith("ed", Role.EDITOR);
        Path marker = tmp.resolve("ran");
        ts.write("job.md", "```sh\necho admin-reviewed >> " + marker + "\n```\n");
        HttpResponse<String> made = ts.post("/api/schedules", "{\"target\":\"job.md\",\"cron\":\"* * * ? * *\"}");
        assertEquals(201, made.statusCode(), made.body());
        String id = JSON.readTree(made.body()).get("id").asText();
        Await.until(() -> Files.exists(marker), "the API schedule to run");

        save(editor, "job.md", "```sh\necho editor-code >> " + marker + "\n```\n");
        Thread.sleep(SEVERAL_FIRE_TIMES_MS);
        assertFalse(Files.readString(marker).contains("editor-code"), "an editor's edit ran under an admin's schedule");
        assertEquals("suspended", schedule(id).get("state").asText());
        assertEquals(
                "tester", schedule(id).get("activatedBy").asText(), "made through the API: activated by its maker");
    }

    @Test
    void activatedSchedule_activatorLosesOperator_runRefused() throws Exception {
        ts = new TestServer(tmp);
        String operator = ts.userWith("op", Role.OPERATOR);
        Path marker = tmp.resolve("ran");
        ts.write("tick.md", appender(marker, "tick"));
        assertEquals(
                200,
                ts.as(operator, "POST", "/api/schedules/file:tick.md/activate", "")
                        .statusCode());
        Await.until(() -> Files.exists(marker), "the activated schedule to run");
        assertEquals(200, ts.put("/api/users/op", "{\"roles\":[\"viewer\"]}").statusCode());
        Thread.sleep(1500); // a run that started before the change may still end
        Files.deleteIfExists(marker);
        Thread.sleep(SEVERAL_FIRE_TIMES_MS);
        assertFalse(Files.exists(marker), "a schedule ran on in the name of a user who is no operator any more");
    }
}

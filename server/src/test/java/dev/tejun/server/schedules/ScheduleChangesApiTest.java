package dev.tejun.server.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the schedules page does beside activating: change a schedule made through the API, pause and resume one, and
 * run one now, each checked against the caller's roles and audited.
 */
@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class ScheduleChangesApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private TestServer ts;

    @AfterEach
    void close() {
        if (ts != null) {
            ts.close();
        }
    }

    private JsonNode schedule(String id) throws Exception {
        for (JsonNode s : JSON.readTree(ts.get("/api/schedules").body()).get("schedules")) {
            if (s.get("id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no schedule " + id + " listed");
    }

    private JsonNode audited(String action) throws Exception {
        JsonNode entries =
                JSON.readTree(ts.get("/api/audit?action=" + URLEncoder.encode(action, StandardCharsets.UTF_8))
                        .body());
        assertTrue(entries.size() > 0, "no audit entry " + action);
        return entries.get(0);
    }

    private static JsonNode detail(JsonNode entry) throws Exception {
        return JSON.readTree(entry.get("detail").asText());
    }

    private String created(String body) throws Exception {
        HttpResponse<String> r = ts.post("/api/schedules", body);
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    @Test
    void PUT_schedule_active_changesItActiveAsTheEditorAndAudited() throws Exception {
        ts = new TestServer(tmp);
        ts.write("a.md", "```sh\ntrue\n```\n");
        ts.write("b.md", "```sh\ntrue\n```\n");
        String id = created("{\"target\":\"a.md\",\"cron\":\"0 3 * * *\",\"timezone\":\"UTC\"}");

        HttpResponse<String> r = ts.put(
                "/api/schedules/" + id,
                "{\"target\":\"b.md\",\"cron\":\"30 4 * * *\",\"timezone\":\"Asia/Tokyo\",\"params\":{\"env\":\"prod\"}}");

        assertEquals(200, r.statusCode(), r.body());
        JsonNode s = schedule(id);
        assertEquals("b.md", s.get("target").asText());
        assertEquals("30 4 * * *", s.get("cron").asText());
        assertEquals("Asia/Tokyo", s.get("timezone").asText());
        assertEquals("prod", s.at("/params/env").asText());
        assertEquals("active", s.get("state").asText(), s.toString());
        assertEquals("tester", s.get("activatedBy").asText());
        assertTrue(s.get("nextRun").asText().endsWith(":30:00Z"), s.toString()); // 04:30 in Tokyo is 19:30 UTC
        JsonNode entry = audited("PUT /api/schedules/<id>");
        assertEquals("a.md", detail(entry).at("/was/target").asText(), entry.toString());
        assertEquals("30 4 * * *", detail(entry).at("/now/cron").asText(), entry.toString());
    }

    @Test
    void PUT_schedule_badCron_400AndNothingChanges() throws Exception {
        ts = new TestServer(tmp);
        ts.write("a.md", "```sh\ntrue\n```\n");
        String id = created("{\"target\":\"a.md\",\"cron\":\"0 3 * * *\"}");

        HttpResponse<String> r = ts.put("/api/schedules/" + id, "{\"target\":\"a.md\",\"cron\":\"0 25 * * *\"}");

        assertEquals(400, r.statusCode(), r.body());
        assertEquals("0 3 * * *", schedule(id).get("cron").asText());
        assertEquals("active", schedule(id).get("state").asText());
    }

    @Test
    void PUT_schedule_declaredInAFile_400NamingTheFrontMatter() throws Exception {
        ts = new TestServer(tmp);
        ts.write("night.md", "---\nschedule: \"0 3 * * *\"\n---\n```sh\ntrue\n```\n");

        HttpResponse<String> r =
                ts.put("/api/schedules/file:night.md", "{\"target\":\"night.md\",\"cron\":\"0 4 * * *\"}");

        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("front matter"), r.body());
        assertEquals("0 3 * * *", schedule("file:night.md").get("cron").asText());
    }

    @Test
    void pause_thenActivate_pausesUntilResumedAsTheResumer() throws Exception {
        ts = new TestServer(tmp);
        String op = ts.userWith("op", Role.OPERATOR);
        Path marker = tmp.resolve("marker");
        ts.write("tick.md", "---\nschedule: \"* * * ? * *\"\n---\n```sh\necho tick >> " + marker + "\n```\n");
        assertEquals(200, ts.post("/api/schedules/file:tick.md/activate", "").statusCode());

        HttpResponse<String> paused = ts.as(op, "POST", "/api/schedules/file:tick.md/pause", null);

        assertEquals(200, paused.statusCode(), paused.body());
        JsonNode s = schedule("file:tick.md");
        assertEquals("paused", s.get("state").asText(), s.toString());
        assertEquals("op", s.get("activatedBy").asText(), "a paused schedule names who paused it");
        assertEquals("op", audited("schedule.pause").get("user").asText());
        assertEquals(
                409,
                ts.as(op, "POST", "/api/schedules/file:tick.md/pause", null).statusCode());
        // a run that began before the pause may still end; after it, nothing more is appended
        Await.until(() -> !schedule("file:tick.md").get("running").asBoolean(), "the last run to end");
        long size = Files.exists(marker) ? Files.size(marker) : 0;
        Thread.sleep(2500); // two fire times of an every-second schedule, and the scheduler's tick
        assertEquals(size, Files.exists(marker) ? Files.size(marker) : 0, "a paused schedule ran");

        HttpResponse<String> resumed = ts.as(op, "POST", "/api/schedules/file:tick.md/activate", null);

        assertEquals(200, resumed.statusCode(), resumed.body());
        assertEquals("active", schedule("file:tick.md").get("state").asText());
        assertEquals("op", schedule("file:tick.md").get("activatedBy").asText());
        Await.until(() -> Files.exists(marker) && Files.size(marker) > size, "a run after resuming");
    }

    @Test
    void runNow_inactiveSchedule_runsItsRunbookWithItsParamsAsTheCaller() throws Exception {
        ts = new TestServer(tmp);
        String op = ts.userWith("op", Role.OPERATOR);
        Path marker = tmp.resolve("marker");
        ts.write("night.md", """
                ---
                params:
                  word: { default: none }
                schedule: "0 3 * * *"
                schedule-params: { word: scheduled }
                ---
                ```sh
                echo ${params.word} >> %s
                ```
                """.formatted(marker));
        assertEquals("inactive", schedule("file:night.md").get("state").asText());

        HttpResponse<String> r = ts.as(op, "POST", "/api/schedules/file:night.md/run", null);

        assertEquals(201, r.statusCode(), r.body());
        String runId = JSON.readTree(r.body()).get("runId").asText();
        Await.until(
                () -> JSON.readTree(ts.get("/api/runs/" + runId).body())
                        .path("status")
                        .asText()
                        .equalsIgnoreCase("ok"),
                "the run to end ok");
        assertEquals("scheduled\n", Files.readString(marker));
        assertTrue(ts.get("/api/runs/" + runId).body().contains("\"op\""), "the run is the caller's");
        JsonNode entry = audited("POST /api/schedules/<id>/run");
        assertEquals("op", entry.get("user").asText());
        assertEquals(runId, detail(entry).at("/run/runId").asText(), entry.toString());
        assertEquals("inactive", schedule("file:night.md").get("state").asText(), "running it activates nothing");
    }

    @Test
    void runNow_flowSchedule_startsTheFlowAsTheCaller_auditedAsTheSchedulesRunNow() throws Exception {
        ts = new TestServer(tmp);
        String op = ts.userWith("op", Role.OPERATOR);
        Path marker = tmp.resolve("flow-marker");
        ts.write("step.md", "```sh\necho flowed >> " + marker + "\n```\n");
        ts.write("nightly.flow.yaml", """
                title: Nightly
                schedule: "0 3 * * *"
                nodes:
                  - { id: step, type: runbook, runbook: step.md, next: done }
                  - { id: done, type: end }
                """);

        HttpResponse<String> r = ts.as(op, "POST", "/api/schedules/file:nightly.flow.yaml/run", null);

        assertEquals(201, r.statusCode(), r.body());
        String instance = JSON.readTree(r.body()).get("instanceId").asText();
        assertEquals("nightly.flow.yaml", JSON.readTree(r.body()).get("flow").asText());
        Await.until(() -> Files.exists(marker), "the flow's runbook to run");
        JsonNode entry = audited("POST /api/schedules/<id>/run");
        assertEquals("op", entry.get("user").asText());
        assertEquals(instance, detail(entry).at("/run/instanceId").asText(), entry.toString());
        assertEquals("nightly.flow.yaml", detail(entry).at("/schedule/target").asText(), entry.toString());
        assertEquals(
                "inactive", schedule("file:nightly.flow.yaml").get("state").asText(), "running it activates nothing");
    }

    @Test
    void runNow_callerLacksARequiredRole_403AndNothingRuns() throws Exception {
        ts = new TestServer(tmp);
        String op = ts.userWith("op", Role.OPERATOR);
        Path marker = tmp.resolve("marker");
        ts.write("guarded.md", """
                ---
                requires: [approver]
                schedule: "0 3 * * *"
                ---
                ```sh
                echo ran >> %s
                ```
                """.formatted(marker));

        HttpResponse<String> r = ts.as(op, "POST", "/api/schedules/file:guarded.md/run", null);

        assertEquals(403, r.statusCode(), r.body());
        assertEquals(
                "403", audited("POST /api/schedules/<id>/run").get("outcome").asText());
        Thread.sleep(500);
        assertTrue(!Files.exists(marker), "a refused run ran");
    }
}

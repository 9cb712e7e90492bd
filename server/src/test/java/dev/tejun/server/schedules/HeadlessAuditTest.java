package dev.tejun.server.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Runs nobody started by hand are audited and indexed like web runs, as their service identity. */
@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class HeadlessAuditTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    private List<JsonNode> audit(String user) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(ts.get("/api/audit?user=" + user).body()).forEach(out::add);
        return out;
    }

    private List<JsonNode> awaitEnd(String user) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            List<JsonNode> entries = audit(user);
            if (entries.stream().anyMatch(e -> e.get("action").asText().equals("execution.end"))) {
                return entries;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no execution.end by " + user + " within 30 s: " + audit(user));
    }

    /** A schedule in a file runs only once activated; it then runs in the activating operator's name. */
    private void activateAs(String user, String scheduleId) throws Exception {
        String token = ts.userWith(user, Role.OPERATOR);
        var r = ts.as(token, "POST", "/api/schedules/" + scheduleId + "/activate", "");
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void scheduledRun_auditedStartAndEndAsSchedulerAndIndexed() throws Exception {
        ts = new TestServer(tmp);
        ts.write("tick.md", """
                ---
                schedule: "* * * ? * *"
                ---
                ```sh {#say}
                echo tick-output
                ```
                """);
        activateAs("sched-op", "file:tick.md");

        List<JsonNode> entries = awaitEnd("sched-op");

        JsonNode endEntry = entries.stream()
                .filter(e -> e.get("action").asText().equals("execution.end"))
                .findFirst()
                .orElseThrow();
        assertEquals("scheduler", endEntry.get("iface").asText());
        assertEquals("tick.md", endEntry.get("target").asText());
        assertEquals("ok", endEntry.get("outcome").asText());
        String runId =
                JSON.readTree(endEntry.get("detail").asText()).get("runId").asText();
        assertTrue(
                entries.stream()
                        .anyMatch(e -> e.get("action").asText().equals("execution.start")
                                && e.get("iface").asText().equals("scheduler")
                                && e.get("detail").asText().contains(runId)),
                "the start entry names the run id: " + entries);
        JsonNode indexed = JSON.readTree(ts.get("/api/runs?user=sched-op").body());
        assertTrue(indexed.toString().contains(runId), indexed.toString());
        // not started over REST, yet read from its session's event log like any live run of the server
        JsonNode page = JSON.readTree(ts.get("/api/runs/" + runId + "/events").body());
        assertTrue(page.get("finished").asBoolean(), page.toString());
        assertEquals("ok", page.get("status").asText());
        assertTrue(page.get("events").toString().contains("tick-output"), page.toString());
    }

    @Test
    void eventRun_auditedStartAndEndAsEvents() throws Exception {
        ts = new TestServer(tmp);
        ts.write("fix.md", "```sh\nexit 4\n```\n");
        ts.write("rules/r.yaml", """
                rules:
                  - name: fix
                    when: { labels.alertname: Broken }
                    run: fix.md
                """);
        // a rule runs only once activated, in the activator's name through the events interface
        String operator = ts.userWith("rule-op", Role.OPERATOR);
        assertEquals(
                200,
                ts.as(operator, "POST", "/api/rules/rules/r.yaml%23fix/activate", "")
                        .statusCode());
        assertEquals(202, ts.post("/api/events", """
                {"source":"test","status":"firing","labels":{"alertname":"Broken"}}""").statusCode());

        List<JsonNode> entries = awaitEnd("rule-op");

        JsonNode endEntry = entries.stream()
                .filter(e -> e.get("action").asText().equals("execution.end"))
                .findFirst()
                .orElseThrow();
        assertEquals("events", endEntry.get("iface").asText());
        assertEquals("failed", endEntry.get("outcome").asText());
        assertEquals("fix.md", endEntry.get("target").asText());
        String runId =
                JSON.readTree(endEntry.get("detail").asText()).get("runId").asText();
        JsonNode startEntry = entries.stream()
                .filter(e -> e.get("action").asText().equals("execution.start"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                runId,
                JSON.readTree(startEntry.get("detail").asText()).get("runId").asText());
    }

    @Test
    void scheduledRun_listedRunningWhileItRunsAndStoppable() throws Exception {
        ts = new TestServer(tmp);
        Path pidFile = tmp.resolve("pid");
        ts.write("long.md", """
                ---
                schedule: "* * * ? * *"
                ---
                ```sh {#nap}
                echo $$ > %s
                sleep 120
                ```
                """.formatted(pidFile));
        activateAs("sched-op", "file:long.md");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!java.nio.file.Files.exists(pidFile)
                || java.nio.file.Files.readString(pidFile).isBlank()) {
            assertTrue(System.nanoTime() < end, "the scheduled run did not start within 30 s");
            Thread.sleep(100);
        }
        long pid = Long.parseLong(java.nio.file.Files.readString(pidFile).strip());
        JsonNode running = JSON.readTree(ts.get("/api/runs?status=running").body());
        assertEquals(1, running.size(), running.toString());
        assertEquals("sched-op", running.get(0).get("user").asText());
        String runId = running.get(0).get("runId").asText();

        assertEquals(202, ts.post("/api/runs/" + runId + "/stop", "").statusCode());

        List<JsonNode> entries = awaitEnd("sched-op");
        assertTrue(
                entries.stream()
                        .anyMatch(e -> e.get("action").asText().equals("execution.end")
                                && e.get("outcome").asText().equals("stopped")),
                entries.toString());
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(System.nanoTime() < end + TimeUnit.SECONDS.toNanos(30), "sleep still alive");
            Thread.sleep(100);
        }
        JsonNode page = JSON.readTree(ts.get("/api/runs/" + runId + "/events").body());
        assertEquals("stopped", page.get("status").asText(), page.toString());
    }
}

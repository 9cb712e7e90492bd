package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.Json;
import dev.tejun.server.auth.Role;
import dev.tejun.server.cli.remote.RemoteExit;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import dev.tejun.server.runs.RunIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that notebooks start (over the real WebSocket) are listed while they run, followed and stopped by the CLI
 * against the server like runs it started itself; a restart marks rows left running as interrupted.
 */
@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class LiveRunsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    private CliAgainstServer cli;

    private int tejun(String... words) throws Exception {
        cli = new CliAgainstServer(ts, tmp.resolve("home"));
        return cli.run(words);
    }

    private String out() {
        return cli.out();
    }

    /** Runs the cell from a notebook socket and answers the run id the server accepted it under. */
    private static String execute(WsClient ws, String cellId) throws InterruptedException {
        ws.send("{\"type\":\"attach\",\"since\":0}");
        ws.next("snapshot");
        ws.send("{\"type\":\"execute\",\"id\":\"m1\",\"cellId\":\"" + cellId + "\"}");
        return ws.next("accepted").path("runId").asText();
    }

    private JsonNode row(String runId) throws Exception {
        for (JsonNode r : JSON.readTree(ts.get("/api/runs").body())) {
            if (r.path("runId").asText().equals(runId)) {
                return r;
            }
        }
        return null;
    }

    @Test
    void notebookRun_listedRunningThenFollowedToItsEnd() throws Exception {
        ts = new TestServer(tmp);
        Path go = tmp.resolve("go");
        ts.write("nb.md", """
                ```sh {#warmup}
                echo earlier-run-output
                ```

                ```sh {#slow}
                echo slow-started
                while [ ! -f %s ]; do sleep 0.1; done
                echo slow-done
                ```
                """.formatted(go));
        try (WsClient ws = ts.connect("nb.md")) {
            String earlier = execute(ws, "warmup");
            ws.eventsUntil(WsClient.runFinished(earlier));
            ws.send("{\"type\":\"execute\",\"id\":\"m2\",\"cellId\":\"slow\"}");
            String runId = ws.next("accepted").path("runId").asText();
            Await.until(() -> row(runId) != null);

            assertEquals(RemoteExit.OK, tejun("runs", "list", "--status", "running"));
            assertTrue(out().contains(runId) && out().contains("nb.md") && out().contains("running"), out());
            assertEquals("RUNNING", row(runId).path("status").asText());

            CompletableFuture<Integer> following = CompletableFuture.supplyAsync(() -> {
                try {
                    return tejun("runs", "logs", runId, "--follow");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.until(() -> out().contains("slow-started"));
            assertFalse(following.isDone(), "--follow must wait while the notebook's cell runs");
            Files.writeString(go, "");

            assertEquals(RemoteExit.OK, following.get(30, TimeUnit.SECONDS));
            assertTrue(out().contains("slow-done"), out());
            assertFalse(out().contains("earlier-run-output"), "only this run's events: " + out());
            ws.eventsUntil(WsClient.runFinished(runId));
            Await.until(() -> "OK".equals(row(runId).path("status").asText()));
            assertFalse(row(runId).path("finishedAt").isNull());
        }
    }

    @Test
    void notebookRun_stoppedByRunsStop_processGoneAndAudited() throws Exception {
        ts = new TestServer(tmp);
        Path pidFile = tmp.resolve("pid");
        ts.write("nap.md", """
                ```sh {#nap}
                echo $$ > %s
                sleep 120
                ```
                """.formatted(pidFile));
        try (WsClient ws = ts.connect("nap.md")) {
            String runId = execute(ws, "nap");
            Await.until(
                    () -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

            assertEquals(RemoteExit.OK, tejun("runs", "stop", runId), out());

            List<JsonNode> events = ws.eventsUntil(WsClient.runFinished(runId));
            assertEquals("stopped", events.getLast().path("status").asText(), events.toString());
            Await.until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            Await.until(() -> "STOPPED".equals(row(runId).path("status").asText()));
            String audit = ts.get("/api/audit?action=execution.stop").body();
            assertTrue(audit.contains(runId) && audit.contains("nap.md"), audit);
            assertEquals(RemoteExit.CELL_FAILED, tejun("runs", "stop", runId)); // 409: it has ended
        }
    }

    @Test
    void stop_runbookRequiresRoleTheCallerLacks_refused403AndRunGoesOn() throws Exception {
        ts = new TestServer(tmp);
        Path go = tmp.resolve("go");
        ts.write("guarded.md", """
                ---
                requires: [admin]
                ---
                ```sh {#wait}
                while [ ! -f %s ]; do sleep 0.1; done
                ```
                """.formatted(go));
        String operator = ts.userWith("otto", Role.OPERATOR);
        try (WsClient ws = ts.connect("guarded.md")) {
            String runId = execute(ws, "wait");
            Await.until(() -> row(runId) != null);

            var refused = ts.as(operator, "POST", "/api/runs/" + runId + "/stop", null);
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("requires role admin"), refused.body());
            assertEquals("RUNNING", row(runId).path("status").asText());
            Files.writeString(go, "");
            assertEquals(
                    "ok",
                    ws.eventsUntil(WsClient.runFinished(runId))
                            .getLast()
                            .path("status")
                            .asText());
        }
    }

    @Test
    void restart_rowLeftRunning_markedInterrupted() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        // what a server that died during a run leaves: the run's row, still running
        try (Database db = TestDatabases.open(data)) {
            new RunIndex(db, Json.newMapper())
                    .started(
                            "20260101-120000-abcdef", "gone.md", "alice", "web", Instant.parse("2026-01-01T12:00:00Z"));
        }

        ts = new TestServer(tmp);

        JsonNode row = row("20260101-120000-abcdef");
        assertEquals("INTERRUPTED", row.path("status").asText(), row.toString());
        assertFalse(row.path("finishedAt").isNull(), row.toString());
        assertEquals(RemoteExit.OK, tejun("runs", "list"));
        assertTrue(out().contains("interrupted"), out());
        var stop = ts.post("/api/runs/20260101-120000-abcdef/stop", "");
        assertEquals(409, stop.statusCode(), stop.body());
    }
}

package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.auth.Role;
import dev.tejun.server.cli.remote.RemoteExit;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun run --server …} and {@code tejun runs …} in-process against a real server running real cells. */
@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class RemoteCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    private CliAgainstServer cli;

    @BeforeEach
    void start() throws Exception {
        ts = new TestServer(tmp);
        cli = new CliAgainstServer(ts, tmp.resolve("home"));
        ts.write("ok.md", """
                ---
                params:
                  who: { }
                ---
                ```sh {#greet streams=separate}
                echo "hello ${params.who}"
                echo "to-stderr" >&2
                ```

                ```sh {#second}
                echo second-cell
                ```
                """);
        ts.write("ops/fails.md", """
                ```sh {#boom}
                echo before-failure
                exit 7
                ```
                """);
    }

    private int tejun(Map<String, String> env, String... words) throws Exception {
        return cli.runWith(env, words);
    }

    private int tejun(String... words) throws Exception {
        return cli.run(words);
    }

    private String out() {
        return cli.out();
    }

    private String err() {
        return cli.err();
    }

    private String startOverApi(String runbook) throws Exception {
        HttpResponse<String> r = ts.post("/api/runs", "{\"runbook\":\"" + runbook + "\"}");
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("runId").asText();
    }

    @Test
    void runRemote_okRunbook_exitsZeroAndPrintsOutputStreamsApart() throws Exception {
        int code = tejun("run", "ok.md", "-p", "who=world");

        assertEquals(RemoteExit.OK, code, err());
        assertTrue(out().contains("hello world"), out());
        assertTrue(out().contains("second-cell"), out());
        assertTrue(out().contains("── [1/2] greet (sh)"), out());
        assertTrue(out().contains("✓ run ok"), out());
        assertTrue(err().contains("to-stderr"), err());
        assertFalse(out().contains("to-stderr"), out());
        assertFalse(err().contains("\u001b[K"), "no progress line when stderr is not a terminal: " + err());
    }

    @Test
    void runRemote_failingCell_exitsOne() throws Exception {
        int code = tejun("run", "ops/fails.md");

        assertEquals(RemoteExit.CELL_FAILED, code, out());
        assertTrue(out().contains("before-failure"), out());
        assertTrue(out().contains("exit 7"), out());
    }

    @Test
    void runRemote_unknownRunbook_exitsTwo() throws Exception {
        assertEquals(RemoteExit.USAGE, tejun("run", "nope.md"));
        assertTrue(err().contains("404") && err().contains("no runbook nope.md"), err());
    }

    @Test
    void runRemote_missingOrUnknownParam_exitsTwoAndNothingRuns() throws Exception {
        assertEquals(RemoteExit.USAGE, tejun("run", "ok.md"));
        assertTrue(err().contains("missing param 'who'"), err());
        assertEquals(RemoteExit.USAGE, tejun("run", "ok.md", "-p", "who=x", "-p", "color=red"));
        assertTrue(err().contains("unknown param 'color'"), err());
        assertEquals("[]", JSON.readTree(ts.get("/api/runs").body()).toString());
    }

    @Test
    void runRemote_badToken_exitsFourWith401() throws Exception {
        int code = tejun(Map.of(), "run", "ok.md", "-p", "who=x", "--server", ts.server.baseUrl(), "--token", "wrong");

        assertEquals(RemoteExit.UNREACHABLE, code);
        assertTrue(err().startsWith("tejun run: 401 Unauthorized"), err());
        assertFalse(err().contains("Exception"), err());
    }

    @Test
    void runRemote_noServerListening_exitsFour() throws Exception {
        int code = tejun(Map.of(), "run", "ok.md", "--server", "http://127.0.0.1:1", "--token", ts.token);

        assertEquals(RemoteExit.UNREACHABLE, code);
        assertTrue(err().contains("cannot reach http://127.0.0.1:1"), err());
    }

    @Test
    void runRemote_viewerToken_refused403() throws Exception {
        String viewer = ts.userWith("vera", Role.VIEWER);

        assertEquals(
                403,
                ts.as(viewer, "POST", "/api/runs", "{\"runbook\":\"ok.md\",\"params\":{\"who\":\"x\"}}")
                        .statusCode());
        int code = tejun(Map.of(), "run", "ok.md", "-p", "who=x", "--server", ts.server.baseUrl(), "--token", viewer);
        assertEquals(RemoteExit.UNREACHABLE, code);
        assertTrue(err().contains("403 Forbidden") && err().contains("needs role operator"), err());
    }

    @Test
    void runRemote_envDefaultsAndRunbooksPrefix_runTheServersRunbook() throws Exception {
        int code = tejun(
                Map.of("TEJUN_SERVER", ts.server.baseUrl(), "TEJUN_TOKEN", ts.token), "run", "./runbooks/ops/fails.md");

        assertEquals(RemoteExit.CELL_FAILED, code, err());
        assertTrue(out().contains("before-failure"), out());
    }

    @Test
    void runRemote_auditedAsCliAndIndexed() throws Exception {
        assertEquals(RemoteExit.OK, tejun("run", "ok.md", "-p", "who=x"));

        JsonNode runs = JSON.readTree(ts.get("/api/runs").body());
        assertEquals(1, runs.size(), runs.toString());
        assertEquals("cli", runs.get(0).get("via").asText());
        assertEquals("tester", runs.get(0).get("user").asText());
        // the audit entries go through the record queue, so the end may land a moment after the CLI returned
        Await.until(
                () -> ts.get("/api/audit?action=execution").body().contains("\"execution.end\""),
                "the execution.end audit entry");
        String audit = ts.get("/api/audit?action=execution").body();
        assertTrue(audit.contains("\"execution.start\"") && audit.contains("\"execution.end\""), audit);
    }

    @Test
    void runsList_showsTheRun() throws Exception {
        tejun("run", "ops/fails.md");
        String runId =
                JSON.readTree(ts.get("/api/runs").body()).get(0).get("runId").asText();

        assertEquals(RemoteExit.OK, tejun("runs", "list", "--status", "failed"));
        assertTrue(out().startsWith("RUN"), out());
        assertTrue(out().contains(runId) && out().contains("ops/fails.md") && out().contains("failed"), out());
        assertEquals(RemoteExit.OK, tejun("runs", "list", "--status", "ok"));
        assertFalse(out().contains(runId), out());
    }

    @Test
    void runsLogsFollow_longCell_streamsAndEndsWithRunCode() throws Exception {
        Path go = tmp.resolve("go");
        ts.write("long.md", """
                ```sh {#slow}
                echo first-line
                while [ ! -f %s ]; do sleep 0.1; done
                echo last-line
                exit 3
                ```
                """.formatted(go));
        String runId = startOverApi("long.md");
        CompletableFuture<Integer> following = CompletableFuture.supplyAsync(() -> {
            try {
                return tejun("runs", "logs", runId, "--follow");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until(() -> out().contains("first-line"));
        assertFalse(following.isDone(), "--follow must wait while the cell runs");
        assertFalse(out().contains("last-line"));
        Files.writeString(go, "");

        assertEquals(RemoteExit.CELL_FAILED, following.get(30, TimeUnit.SECONDS));
        assertTrue(out().contains("last-line") && out().contains("exit 3"), out());
    }

    @Test
    void runsLogs_withoutFollowAfterEnd_printsOutputAndRunCode() throws Exception {
        String runId = startOverApi("ops/fails.md");
        // the run has a row from its start: wait for its end, which is what this test is about
        Await.until(() -> {
            JsonNode rows = JSON.readTree(ts.get("/api/runs").body());
            return rows.size() == 1 && !rows.get(0).path("status").asText().equals("RUNNING");
        });

        assertEquals(RemoteExit.CELL_FAILED, tejun("runs", "logs", runId));
        assertTrue(out().contains("before-failure"), out());
        assertEquals(RemoteExit.USAGE, tejun("runs", "logs", "20990101-000000-abcdef"));
    }

    @Test
    void runsStop_runningRun_killsItsProcess() throws Exception {
        Path pidFile = tmp.resolve("pid");
        ts.write("sleepy.md", """
                ```sh {#nap}
                echo $$ > %s
                sleep 120
                ```
                """.formatted(pidFile));
        String runId = startOverApi("sleepy.md");
        Await.until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        assertEquals(RemoteExit.OK, tejun("runs", "stop", runId));

        assertEquals(RemoteExit.CELL_FAILED, tejun("runs", "logs", runId, "--follow"));
        assertTrue(out().contains("stopped"), out());
        Await.until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertEquals(RemoteExit.CELL_FAILED, tejun("runs", "stop", runId)); // 409: it has ended
    }
}

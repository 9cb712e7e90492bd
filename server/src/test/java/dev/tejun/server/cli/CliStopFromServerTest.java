package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code tejun run} in its own JVM on a server's data folder is stopped through that server: the server records
 * the request, the CLI finds it and stops its run. Real server, real CLI process, real {@code sleep}.
 */
@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
@Tag("e2e")
class CliStopFromServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path pidFile;

    private Path napping(Path dir) throws Exception {
        pidFile = tmp.resolve("pid");
        return Files.writeString(dir.resolve("nap.md"), """
                # Nap

                ```sh {#nap}
                echo $$ > '%s'
                exec sleep 120
                ```
                """.formatted(pidFile));
    }

    private Process startCli(TestServer ts, Path file) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "run",
                        file.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("cli.log").toFile());
        pb.environment().put("TEJUN_HOME", ts.data.toString());
        pb.environment().putAll(TestDatabases.environment(ts.data));
        pb.environment().put("TEJUN_CELL_SANDBOX", "none"); // its cell writes its pid into the test's temp folder
        return pb.start();
    }

    /** Waits for the CLI's cell to run, then answers the run id the run index has for it and the cell's pid. */
    private String[] runningCliRun(TestServer ts) throws Exception {
        Await.until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank(), "the CLI's cell running");
        for (JsonNode r : JSON.readTree(ts.get("/api/runs").body())) {
            if (r.path("via").asText().equals("cli")
                    && r.path("status").asText().equals("RUNNING")) {
                return new String[] {
                    r.path("runId").asText(), Files.readString(pidFile).strip()
                };
            }
        }
        throw new AssertionError("no running cli run in " + ts.get("/api/runs").body());
    }

    private void stopsAndIsIndexedStopped(TestServer ts, Process cli, String runId, long pid) throws Exception {
        var stop = ts.post("/api/runs/" + runId + "/stop", "");
        assertEquals(202, stop.statusCode(), stop.body());
        assertTrue(cli.waitFor(30, TimeUnit.SECONDS), "the CLI run did not stop");
        assertEquals(1, cli.exitValue(), Files.readString(tmp.resolve("cli.log"), StandardCharsets.UTF_8));
        Await.until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "its sleep ended");
        Await.until(
                () -> {
                    for (JsonNode r : JSON.readTree(ts.get("/api/runs").body())) {
                        if (r.path("runId").asText().equals(runId)) {
                            return r.path("status").asText().equals("STOPPED");
                        }
                    }
                    return false;
                },
                "the run indexed as stopped");
        String audit = ts.get("/api/audit?action=execution.stop").body();
        assertTrue(audit.contains(runId) && !audit.contains("\"user\":\"otto\""), audit);
    }

    @Test
    void cliRun_stoppedByAnAdminThroughTheServer_operatorRefused() throws Exception {
        try (TestServer ts = new TestServer(tmp)) {
            Process cli = startCli(ts, napping(tmp));
            try {
                String[] running = runningCliRun(ts);
                long pid = Long.parseLong(running[1]);

                String operator = ts.userWith("otto", Role.OPERATOR);
                var refused = ts.as(operator, "POST", "/api/runs/" + running[0] + "/stop", null);
                assertEquals(403, refused.statusCode(), refused.body());
                assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "still running");

                stopsAndIsIndexedStopped(ts, cli, running[0], pid);
            } finally {
                cli.destroyForcibly();
            }
        }
    }

    @Test
    void cliRun_serverRestartedMeanwhile_leftRunningAndStoppable() throws Exception {
        TestServer ts = new TestServer(tmp);
        Process cli = startCli(ts, napping(tmp));
        try {
            String[] running = runningCliRun(ts);
            ts.close();
            ts = new TestServer(tmp); // marks what the old server left running as interrupted: not this run

            assertEquals(
                    "RUNNING",
                    JSON.readTree(ts.get("/api/runs").body())
                            .get(0)
                            .path("status")
                            .asText(),
                    "a live tejun run beside the server is not interrupted by its start");
            stopsAndIsIndexedStopped(ts, cli, running[0], Long.parseLong(running[1]));
        } finally {
            cli.destroyForcibly();
            ts.close();
        }
    }

    @Test
    void cliRunWhoseProcessDied_stopAnswers409() throws Exception {
        try (TestServer ts = new TestServer(tmp)) {
            Process cli = startCli(ts, napping(tmp));
            String runId;
            try {
                runId = runningCliRun(ts)[0];
            } finally {
                cli.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: it records nothing more
            }
            try (var db = TestDatabases.open(ts.data)) {
                // as if its last sign of life were older than the window
                db.write(c -> c.createStatement().executeUpdate("UPDATE runs SET seen_at = '2000-01-01T00:00:00Z'"));
            }

            var stop = ts.post("/api/runs/" + runId + "/stop", "");
            assertEquals(409, stop.statusCode(), stop.body());
            assertTrue(stop.body().contains("no live process"), stop.body());
        }
    }

    @Test
    void cliFlowNodeRun_stoppedThroughTheServer_flowEndsStopped() throws Exception {
        try (TestServer ts = new TestServer(tmp)) {
            Path books = Files.createDirectories(tmp.resolve("books"));
            napping(books);
            Path flow = Files.writeString(books.resolve("nap.flow.yaml"), """
                    nodes:
                      - { id: nap, type: runbook, runbook: nap.md, next: end }
                      - { id: end, type: end }
                    """);
            Process cli = startCli(ts, flow);
            try {
                String[] running = runningCliRun(ts);
                stopsAndIsIndexedStopped(ts, cli, running[0], Long.parseLong(running[1]));
                assertTrue(
                        Files.readString(tmp.resolve("cli.log")).contains("stopped"),
                        Files.readString(tmp.resolve("cli.log")));
            } finally {
                cli.destroyForcibly();
            }
        }
    }
}

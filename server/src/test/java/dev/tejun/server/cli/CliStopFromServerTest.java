package dev.tejun.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code tejun run} in its own JVM on a server's data folder is stopped through that server: the server records
 * the request, the CLI finds it and stops its run. Real server, real CLI process, real {@code sleep}.
 */
class CliStopFromServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void cliRun_stoppedByAnAdminThroughTheServer_operatorRefused() throws Exception {
        try (TestServer ts = new TestServer(tmp)) {
            Path pidFile = tmp.resolve("pid");
            Path book = Files.writeString(tmp.resolve("nap.md"), """
                    # Nap

                    ```sh {#nap}
                    echo $$ > '%s'
                    exec sleep 120
                    ```
                    """.formatted(pidFile));
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "run", book.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("cli.log").toFile());
            pb.environment().put("TEJUN_HOME", ts.data.toString());
            Process cli = pb.start();
            try {
                Await.until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank(), "the CLI's cell running");
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                String runId = null;
                for (JsonNode r : JSON.readTree(ts.get("/api/runs").body())) {
                    if (r.path("via").asText().equals("cli") && r.path("status").asText().equals("RUNNING")) {
                        runId = r.path("runId").asText();
                    }
                }
                assertTrue(runId != null, ts.get("/api/runs").body());

                String operator = ts.userWith("otto", Role.OPERATOR);
                var refused = ts.as(operator, "POST", "/api/runs/" + runId + "/stop", null);
                assertEquals(403, refused.statusCode(), refused.body());
                assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "still running");

                var stop = ts.post("/api/runs/" + runId + "/stop", "");
                assertEquals(202, stop.statusCode(), stop.body());

                assertTrue(cli.waitFor(30, TimeUnit.SECONDS), "the CLI run did not stop");
                assertEquals(1, cli.exitValue(), Files.readString(tmp.resolve("cli.log"), StandardCharsets.UTF_8));
                Await.until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "its sleep ended");
                String id = runId;
                Await.until(() -> {
                    for (JsonNode r : JSON.readTree(ts.get("/api/runs").body())) {
                        if (r.path("runId").asText().equals(id)) {
                            return r.path("status").asText().equals("STOPPED");
                        }
                    }
                    return false;
                }, "the run indexed as stopped");
                String audit = ts.get("/api/audit?action=execution.stop").body();
                assertTrue(audit.contains(runId) && !audit.contains("\"user\":\"otto\""), audit);
            } finally {
                cli.destroyForcibly();
            }
        }
    }
}

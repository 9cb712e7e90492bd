package dev.tejun.server.metrics;

import static dev.tejun.server.metrics.CellMetricsTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.java.JavaExecutorFactory;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tejun_jshell_agents}: 1 while a run's Java session is open from its first Java cell (its agent JVM), 0 once
 * the session closed; the Java cell is timed under its language.
 */
@Tag("e2e")
class JShellAgentsMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void javaRun_agentCountedWhileItRuns_andJavaCellTimed() throws Exception {
        try (TestServer t = new TestServer(
                temp, TestServer.executors(c -> List.of(new ShellExecutorFactory(), new JavaExecutorFactory())))) {
            String viewer = t.userWith("prometheus", Role.VIEWER);
            assertEquals(0.0, value(t.as(viewer, "GET", "/metrics", null).body(), "tejun_jshell_agents"));
            Path go = temp.resolve("go");
            t.write(
                    "j.md",
                    "# J\n\n```java\nint x = 1;\n```\n\n```java\n"
                            + "while (!java.nio.file.Files.exists(java.nio.file.Path.of(\""
                            + go.toString().replace("\\", "\\\\")
                            + "\"))) java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);\n```\n");
            HttpResponse<String> started = t.post("/api/runs", "{\"runbook\":\"j.md\"}");
            Await.until(
                    () -> value(t.as(viewer, "GET", "/metrics", null).body(), "tejun_jshell_agents") == 1.0,
                    "the agent of the run's Java session counted");
            Files.writeString(go, "");
            String runId = JSON.readTree(started.body()).path("runId").asText();
            // the run's end, whatever it is: a loaded machine may take longer than the agent's start allows, and the
            // session is counted from its first Java cell to its close either way
            String status = "";
            for (int i = 0; i < 3_000 && !status.equals("OK") && !status.equals("FAILED"); i++) {
                Thread.sleep(50);
                status = JSON.readTree(t.get("/api/runs/" + runId).body())
                        .path("status")
                        .asText();
            }
            assertTrue(
                    status.equals("OK") || status.equals("FAILED"),
                    t.get("/api/runs/" + runId).body());
            Await.until(
                    () -> value(t.as(viewer, "GET", "/metrics", null).body(), "tejun_jshell_agents") == 0.0,
                    "the agent gone with its session");
            assertTrue(1.0
                    <= value(
                            t.as(viewer, "GET", "/metrics", null).body(),
                            "tejun_cell_duration_seconds_count{language=\"java\"}"));
        }
    }
}

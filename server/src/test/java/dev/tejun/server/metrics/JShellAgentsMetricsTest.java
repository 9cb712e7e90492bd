package dev.tejun.server.metrics;

import static dev.tejun.server.metrics.CellMetricsTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.java.JavaExecutorFactory;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
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
            // the second cell never ends by itself: the run is stopped once the first cell is timed, so the session
            // stays open while the gauge is read (a file the test made would not help: the cell's sandbox cannot see
            // the test's folder, and a cell waiting for one ran until the test gave up)
            t.write(
                    "j.md",
                    "# J\n\n```java\nint x = 1;\n```\n\n```java\n"
                            + "while (true) java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);\n```\n");
            HttpResponse<String> started = t.post("/api/runs", "{\"runbook\":\"j.md\"}");
            String runId = JSON.readTree(started.body()).path("runId").asText();
            try {
                Await.until(
                        () -> {
                            String m = t.as(viewer, "GET", "/metrics", null).body();
                            return value(m, "tejun_jshell_agents") == 1.0
                                    && value(m, "tejun_cell_duration_seconds_count{language=\"java\"}") >= 1.0;
                        },
                        "the agent of the run's Java session counted while its second cell runs, the first one timed");
            } catch (AssertionError e) {
                // say where the run stood: a first cell that failed (and why) or one still starting its JVM
                throw new AssertionError(
                        e.getMessage() + "\nthe run: "
                                + t.get("/api/runs/" + runId).body() + "\nmetrics: "
                                + t.as(viewer, "GET", "/metrics", null)
                                        .body()
                                        .lines()
                                        .filter(l -> l.startsWith("tejun_jshell") || l.startsWith("tejun_cell"))
                                        .toList(),
                        e);
            }
            assertEquals(202, t.post("/api/runs/" + runId + "/stop", "").statusCode());
            Await.until(
                    () -> {
                        String status = JSON.readTree(
                                        t.get("/api/runs/" + runId).body())
                                .path("status")
                                .asText();
                        return !status.equals("RUNNING") && !status.equals("QUEUED");
                    },
                    "the stopped run ended");
            Await.until(
                    () -> value(t.as(viewer, "GET", "/metrics", null).body(), "tejun_jshell_agents") == 0.0,
                    "the agent gone with its session");
        }
    }
}

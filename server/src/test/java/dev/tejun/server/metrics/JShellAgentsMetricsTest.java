package dev.tejun.server.metrics;

import static dev.tejun.server.metrics.CellMetricsTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** {@code tejun_jshell_agents}: 1 while a run's Java session has its agent JVM, 0 once the session closed. */
@Tag("e2e")
class JShellAgentsMetricsTest {

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
                            + go.toString().replace("\\", "\\\\") + "\"))) Thread.sleep(20);\n```\n");
            HttpResponse<String> started = t.post("/api/runs", "{\"runbook\":\"j.md\"}");
            Await.until(
                    () -> value(t.as(viewer, "GET", "/metrics", null).body(), "tejun_jshell_agents") == 1.0,
                    "the agent of the run's Java session counted");
            Files.writeString(go, "");
            t.runEnded(started, "OK");
            Await.until(
                    () -> value(t.as(viewer, "GET", "/metrics", null).body(), "tejun_jshell_agents") == 0.0,
                    "the agent gone with its session");
            assertEquals(
                    2.0,
                    value(
                            t.as(viewer, "GET", "/metrics", null).body(),
                            "tejun_cell_duration_seconds_count{language=\"java\"}"));
        }
    }
}

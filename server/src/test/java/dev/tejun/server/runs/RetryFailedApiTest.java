package dev.tejun.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.ansible.AnsibleExecutorFactory;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.retry.FlakyRunbooks;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/runs/{id}/retry-failed} with real ansible-playbook: a play failing on one of three hosts is
 * retried on that host only ({@code --limit}), then the cell after it runs; the retry's run.json names the original.
 */
@Tag("e2e")
@ExtendWith(CellsUnsandboxed.class)
class RetryFailedApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @AutoClose
    TestServer t;

    Path log;
    Path mark;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(
                temp,
                TestServer.executors(
                        c -> List.of(new ShellExecutorFactory(), new AnsibleExecutorFactory(c.cmdb(), null))));
        for (String h : List.of("h1", "h2", "h3")) {
            TestHosts.addHost(t.cmdb, h, "127.0.0.1", 22, null, null, "here");
        }
        log = temp.resolve("ansible.log");
        mark = temp.resolve("mark");
        t.write("play.md", FlakyRunbooks.ansible(log, mark));
    }

    String ended(HttpResponse<String> started, String status) throws Exception {
        return t.runEnded(started, status);
    }

    @Test
    void retryFailed_runsTheFailedHostOnlyThenTheRest_linkedInEvidence() throws Exception {
        String first = ended(t.post("/api/runs", "{\"runbook\":\"play.md\"}"), "FAILED");
        Files.writeString(mark, "fixed");

        String retry = ended(t.post("/api/runs/" + first + "/retry-failed", ""), "OK");

        List<String> lines = Files.readAllLines(log);
        assertEquals(4, lines.size(), "three hosts, then h2 alone: " + lines);
        assertEquals("h2", lines.getLast());
        JsonNode run = JSON.readTree(t.get("/api/runs/" + retry).body());
        assertEquals(first, run.path("retryOf").path("runId").asText());
        assertEquals("play", run.path("retryOf").path("cellId").asText());
        assertEquals("[\"h2\"]", run.path("retryOf").path("hosts").toString());
        assertEquals(2, run.path("cells").size());
    }

    @Test
    void retryFailed_refusals_clear() throws Exception {
        assertEquals(
                404, t.post("/api/runs/20990101-000000-abcdef/retry-failed", "").statusCode());
        String ok = ended(t.post("/api/runs", "{\"runbook\":\"play.md\"}"), "FAILED");
        t.write("play.md", Files.readString(t.runbooks.resolve("play.md")) + "\nedited\n");
        HttpResponse<String> changed = t.post("/api/runs/" + ok + "/retry-failed", "");
        assertEquals(400, changed.statusCode());
        assertTrue(changed.body().contains("changed since run " + ok), changed.body());
        String viewer = t.userWith("vic", Role.VIEWER);
        assertEquals(
                403,
                t.as(viewer, "POST", "/api/runs/" + ok + "/retry-failed", "").statusCode());
    }
}

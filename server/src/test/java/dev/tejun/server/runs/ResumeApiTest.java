package dev.tejun.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code freeze=true} and {@code POST /api/runs/{id}/resume} through the server with the real shell executor: a
 * frozen cell is not run and is never "ok"; a run that failed goes on from its failed cell, the cells before it are
 * not run again and a later cell still reads what they left in the first run.
 */
@ExtendWith(CellsUnsandboxed.class)
class ResumeApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    TestServer t;
    Path log;
    Path mark;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(temp);
        log = temp.resolve("cells.log");
        mark = temp.resolve("mark");
        t.write("steps.md", """
                # Steps

                ```sh {#make}
                echo "token-$$"
                echo make >> '%1$s'
                ```

                ```sh {#frozen freeze=true}
                echo frozen >> '%1$s'
                ```

                ```sh {#gate}
                echo gate >> '%1$s'
                test -f '%2$s'
                ```

                ```sh {#use}
                echo "use ${cells.make.stdout}" >> '%1$s'
                ```
                """.formatted(log, mark));
    }

    @AfterEach
    void stop() {
        t.close();
    }

    String ended(HttpResponse<String> started, String status) throws Exception {
        return t.runEnded(started, status);
    }

    static List<String> statuses(JsonNode run) {
        return run.path("cells").findValues("status").stream()
                .map(JsonNode::asText)
                .toList();
    }

    @Test
    void resume_failedRun_goesOnFromTheFailedCellWithTheEarlierCellsResults() throws Exception {
        String first = ended(t.post("/api/runs", "{\"runbook\":\"steps.md\"}"), "FAILED");
        JsonNode firstRun = JSON.readTree(t.get("/api/runs/" + first).body());
        assertEquals(List.of("OK", "FROZEN", "FAILED", "SKIPPED"), statuses(firstRun), firstRun.toString());
        assertEquals(List.of("make", "gate"), Files.readAllLines(log), "the frozen cell did not run");
        Files.writeString(mark, "fixed");

        String resumed = ended(t.post("/api/runs/" + first + "/resume", ""), "OK");

        List<String> lines = Files.readAllLines(log);
        assertEquals(4, lines.size(), "make is not run again: " + lines);
        assertEquals("gate", lines.get(2));
        assertTrue(lines.get(3).matches("use token-\\d+"), "use reads make's stdout of the first run: " + lines);
        JsonNode run = JSON.readTree(t.get("/api/runs/" + resumed).body());
        assertEquals(first, run.path("retryOf").path("runId").asText());
        assertEquals("gate", run.path("retryOf").path("cellId").asText());
        assertEquals("[]", run.path("retryOf").path("hosts").toString());
        assertEquals(
                List.of("gate", "use"),
                run.path("cells").findValues("cellId").stream()
                        .map(JsonNode::asText)
                        .toList());
        assertEquals(List.of("OK", "OK"), statuses(run));
    }

    @Test
    void resume_refusals_clear() throws Exception {
        assertEquals(404, t.post("/api/runs/20990101-000000-abcdef/resume", "").statusCode());
        Files.writeString(mark, "there");
        String ok = ended(t.post("/api/runs", "{\"runbook\":\"steps.md\"}"), "OK");
        assertEquals(
                List.of("OK", "FROZEN", "OK", "OK"),
                statuses(JSON.readTree(t.get("/api/runs/" + ok).body())),
                "a frozen cell is never ok, and the run goes on past it");
        HttpResponse<String> nothing = t.post("/api/runs/" + ok + "/resume", "");
        assertEquals(400, nothing.statusCode(), nothing.body());
        assertTrue(nothing.body().contains("no cell that failed or stopped"), nothing.body());
        String viewer = t.userWith("vic", Role.VIEWER);
        assertEquals(
                403, t.as(viewer, "POST", "/api/runs/" + ok + "/resume", "").statusCode());
    }
}

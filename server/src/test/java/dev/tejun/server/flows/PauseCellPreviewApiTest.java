package dev.tejun.server.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.apidoc.SchemaCheck;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code pause} cell's approval carries the preview of what the rest of its runbook would do (issue 23), as a
 * flow's hold point does: made when the cell begins waiting, kept as evidence, served beside the approval; approving
 * then runs what was shown.
 */
@ExtendWith(CellsUnsandboxed.class)
class PauseCellPreviewApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private TestServer ts;
    private Path made;

    @BeforeEach
    void start() throws Exception {
        ts = new TestServer(temp);
        made = temp.resolve("made");
        ts.write("gate.md", """
                ---
                params:
                  db: { default: x }
                  token: { secret: true, default: hunter2 }
                ---
                ```sh {#check}
                echo checked
                ```

                ```pause {#ask preview=true}
                apply to ${params.db}?
                ```

                ```sh {#apply}
                touch %s-${params.db}
                ```

                ```sh {#tell}
                echo applied with ${params.token}
                ```
                """.formatted(made));
    }

    @AfterEach
    void stop() {
        ts.close();
    }

    @Test
    void pauseCell_waiting_approvalCarriesThePreviewOfTheRestOfTheRunbook() throws Exception {
        HttpResponse<String> started = ts.post("/api/runs", "{\"runbook\":\"gate.md\",\"params\":{\"db\":\"orders\"}}");
        assertEquals(201, started.statusCode(), started.body());
        String runId = JSON.readTree(started.body()).path("runId").asText();
        JsonNode approval = waiting();
        assertEquals(runId, approval.path("runId").asText());
        String path = "/api/approvals/" + approval.path("id").asText() + "/preview";
        Await.until(
                () -> JSON.readTree(ts.get(path).body()).path("state").asText().equals("ready"),
                "the preview of the rest of the runbook is made");
        HttpResponse<String> r = ts.get(path);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(List.of(), SchemaCheck.of(ts).answerProblems("GET", "/api/approvals/{id}/preview", r));
        JsonNode p = JSON.readTree(r.body());
        JsonNode node = p.path("nodes").get(0);
        assertEquals("gate.md", node.path("target").asText(), r.body());
        assertEquals("orders", node.path("params").path("db").asText());
        assertEquals("****", node.path("params").path("token").asText(), "a secret param is never shown");
        List<String> cells = new ArrayList<>();
        node.path("cells").forEach(c -> cells.add(c.path("cell").asText()));
        assertEquals(List.of("apply", "tell"), cells, "what follows the pause, not what came before");
        String apply = node.path("cells").get(0).path("output").asText();
        assertTrue(apply.startsWith("preview: not run") && apply.contains(made + "-'orders'"), apply);
        assertFalse(r.body().contains("hunter2"), "the secret is masked in the preview too: " + r.body());
        String previewRun = node.path("previewRun").asText();
        assertFalse(previewRun.isEmpty(), r.body());
        assertNotEquals(runId, previewRun, "the preview is a run of its own");
        assertFalse(Files.exists(Path.of(made + "-orders")), "nothing ran before approval");
        // kept as evidence, beside the runs
        assertTrue(Files.isRegularFile(ts.data.resolve("evidence/cell-holds/" + runId + "/ask.json")));

        HttpResponse<String> yes =
                ts.post("/api/approvals/" + approval.path("id").asText() + "/approve", "{}");
        assertEquals(200, yes.statusCode(), yes.body());
        Await.until(() -> Files.exists(Path.of(made + "-orders")), "approving ran what was shown");
        assertEquals(404, ts.get(path).statusCode(), "no approval waits any more");
    }

    @Test
    void pauseCell_withoutPreviewTrue_makesNoPreviewRun_andSaysHowToAskForOne() throws Exception {
        ts.write("plain.md", """
                ```pause {#ask}
                go on?
                ```

                ```sh {#after}
                echo after
                ```
                """);
        HttpResponse<String> started = ts.post("/api/runs", "{\"runbook\":\"plain.md\"}");
        assertEquals(201, started.statusCode(), started.body());
        String runId = JSON.readTree(started.body()).path("runId").asText();
        JsonNode approval = waiting();
        assertFalse(approval.path("preview").asBoolean(), approval.toString());
        JsonNode answer =
                JSON.readTree(ts.get("/api/approvals/" + approval.path("id").asText() + "/preview")
                        .body());
        assertEquals("none", answer.path("state").asText(), answer.toString());
        assertTrue(answer.toString().contains("preview=true"), answer.toString());
        assertFalse(Files.exists(ts.data.resolve("evidence/cell-holds/" + runId)), "nothing kept for it");
        // the run's row is written off the request's thread: listed once it is
        Await.until(
                () -> JSON.readTree(ts.get("/api/runs?runbook=plain.md").body()).size() >= 1, "the run listed");
        JsonNode runs = JSON.readTree(ts.get("/api/runs?runbook=plain.md").body());
        assertEquals(1, runs.size(), "no preview run beside the run itself: " + runs);
        ts.post("/api/approvals/" + approval.path("id").asText() + "/approve", "{}");
    }

    /** The one approval that waits, once it does. */
    private JsonNode waiting() throws Exception {
        Await.until(() -> JSON.readTree(ts.get("/api/approvals").body()).size() == 1, "the pause cell waits");
        return JSON.readTree(ts.get("/api/approvals").body()).get(0);
    }
}

package dev.tejun.server.flows;

import static dev.tejun.server.flows.FlowApiSupport.JSON;
import static dev.tejun.server.flows.FlowApiSupport.json;
import static dev.tejun.server.flows.FlowApiSupport.node;
import static dev.tejun.server.flows.FlowApiSupport.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.apidoc.SchemaCheck;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow's hold point carries the preview of what follows it (issue 23): made when the pause begins, kept as
 * evidence, served to the approval screens; approving then runs what was shown.
 */
@ExtendWith(CellsUnsandboxed.class)
class HoldPreviewApiTest {

    @TempDir
    Path temp;

    @AutoClose
    private TestServer ts;

    private Path made;

    @BeforeEach
    void start() throws Exception {
        ts = new TestServer(temp);
        made = temp.resolve("made");
        ts.write("check.md", "```sh {#check}\necho checked\n```\n");
        ts.write(
                "apply.md",
                "---\nparams:\n  db: { default: x }\nlocks: [\"db:${params.db}\"]\n---\n" + "```sh {#apply}\ntouch "
                        + made + "-${params.db}\n```\n");
        ts.write("f.flow.yaml", """
                params:
                  db: { default: main }
                nodes:
                  - { id: check, type: runbook, runbook: check.md, next: hold }
                  - { id: hold, type: pause, message: "apply to ${params.db}", next: apply }
                  - { id: apply, type: runbook, runbook: apply.md, params: { db: "${params.db}" }, next: done }
                  - { id: done, type: end }
                """);
    }

    @Test
    void pause_reached_approvalCarriesThePreviewOfWhatFollows() throws Exception {
        String id = startedToThePause();
        String path = "/api/flow-instances/" + id + "/holds/hold/preview";
        JsonNode p = ready(path);
        List<String> ids = new java.util.ArrayList<>();
        p.path("nodes").forEach(n -> ids.add(n.path("id").asText()));
        assertEquals(List.of("apply", "done"), ids, "what follows the pause, not what came before");
        JsonNode apply = p.path("nodes").get(0);
        assertEquals("orders", apply.path("params").path("db").asText());
        assertEquals("db:orders", apply.path("locks").get(0).path("name").asText());
        String shown = apply.path("cells").get(0).path("output").asText();
        assertTrue(shown.startsWith("preview: not run") && shown.contains("made-"), shown);
        assertFalse(Files.exists(temp.resolve("made-orders")), "nothing ran before approval");
        // kept as evidence, beside the runs
        assertTrue(Files.isRegularFile(ts.data.resolve("evidence/holds/" + id + "/hold.json")));

        json(ts.post("/api/flow-instances/" + id + "/approve", "{\"nodeId\":\"hold\"}"), 200);
        until(ts, id, fi -> fi.path("status").asText().equals("ok"), "the flow ends ok");
        assertTrue(Files.exists(temp.resolve("made-orders")), "approving ran what was shown");
        assertEquals(
                404,
                ts.get("/api/flow-instances/" + id + "/holds/check/preview").statusCode(),
                "a runbook node is no hold point");
        assertEquals(
                404,
                ts.get("/api/flow-instances/" + id + "/holds/..%2Fx/preview").statusCode());
    }

    @Test
    void pause_reachedWithoutAKeptPreview_saysSoInsteadOfBeingMadeForever() throws Exception {
        String id = startedToThePause();
        String path = "/api/flow-instances/" + id + "/holds/hold/preview";
        ready(path);
        // as a hold reached before holds were previewed has it: nothing kept, no row in the shared table
        Files.delete(ts.data.resolve("evidence/holds/" + id + "/hold.json"));
        ts.cmdb.database().write(c -> {
            try (var st = c.createStatement()) {
                return st.executeUpdate("DELETE FROM hold_previews");
            }
        });
        var r = ts.get(path);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode none = JSON.readTree(r.body());
        assertEquals("none", none.path("state").asText(), r.body());
        assertTrue(none.path("reason").asText().startsWith("no preview was made for this hold"), r.body());

        // and one whose making failed (before the table: its file mark) says why
        Files.writeString(ts.data.resolve("evidence/holds/" + id + "/hold.json.failed"), "apply.md is gone\n");
        JsonNode failed = JSON.readTree(ts.get(path).body());
        assertEquals("failed", failed.path("state").asText());
        assertEquals("apply.md is gone", failed.path("reason").asText());
        json(ts.post("/api/flow-instances/" + id + "/reject", "{\"nodeId\":\"hold\"}"), 200);
    }

    @Test
    void previews_answerWhatTheApiDocumentSays() throws Exception {
        SchemaCheck doc = SchemaCheck.of(ts);
        List<String> problems = new java.util.ArrayList<>();
        var preview = ts.post("/api/flows/f.flow.yaml/start", "{\"params\":{\"db\":\"orders\"},\"preview\":true}");
        assertEquals(200, preview.statusCode(), preview.body());
        assertEquals("apply", JSON.readTree(preview.body()).at("/nodes/2/id").asText(), preview.body());
        problems.addAll(doc.answerProblems("POST", "/api/flows/<name>/start", preview));
        var started = ts.post("/api/flows/f.flow.yaml/start", "{\"params\":{\"db\":\"orders\"}}");
        problems.addAll(doc.answerProblems("POST", "/api/flows/<name>/start", started));
        String id = JSON.readTree(started.body()).path("id").asText();
        until(ts, id, fi -> node(fi, "hold").path("status").asText().equals("paused"), "the pause waits");
        String template = "/api/flow-instances/{id}/holds/{node}/preview";
        String path = "/api/flow-instances/" + id + "/holds/hold/preview";
        ready(path);
        var r = ts.get(path);
        assertEquals("ready", JSON.readTree(r.body()).path("state").asText());
        problems.addAll(doc.answerProblems("GET", template, r));
        // the other states, as the shared table keeps them
        var rows = new dev.tejun.kernel.flow.state.FlowStore(ts.cmdb.database()).holdPreviews();
        String hold = "flow:" + id + "/hold";
        // being made by this (living) process: 202, the state alone
        ProcessHandle me = ProcessHandle.current();
        rows.making(
                hold,
                java.net.InetAddress.getLocalHost().getHostName().replace(' ', '_') + " " + me.pid() + " "
                        + me.info().startInstant().orElseThrow().toEpochMilli());
        var making = ts.get(path);
        assertEquals(202, making.statusCode(), making.body());
        problems.addAll(doc.answerProblems("GET", template, making));
        rows.failed(hold, "apply.md is gone");
        var failed = ts.get(path);
        assertEquals("failed", JSON.readTree(failed.body()).path("state").asText(), failed.body());
        problems.addAll(doc.answerProblems("GET", template, failed));
        assertEquals(List.of(), problems, "answers that disagree with the API document");
        // the document can tell: a ready preview missing a field of its own does not fit
        var wrong =
                doc.answerProblems("GET", template, 200, "application/json", "{\"state\":\"ready\",\"flow\":\"f\"}");
        assertFalse(wrong.isEmpty(), "a ready preview without its nodes fits the document");
    }

    /** Starts the flow with db=orders and waits for its pause; answers the instance's id. */
    private String startedToThePause() throws Exception {
        String id = json(ts.post("/api/flows/f.flow.yaml/start", "{\"params\":{\"db\":\"orders\"}}"), 201)
                .path("id")
                .asText();
        until(ts, id, fi -> node(fi, "hold").path("status").asText().equals("paused"), "the pause waits");
        return id;
    }

    /** The kept preview at {@code path} once it is made (202 with state making until then). */
    private JsonNode ready(String path) throws Exception {
        Await.until(
                () -> JSON.readTree(ts.get(path).body()).path("state").asText().equals("ready"),
                "the preview of what follows is made");
        var r = ts.get(path);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }
}

package dev.tejun.server.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The flow REST API and /ws/flows on a real server, with real shell runbooks. */
class FlowsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Served
    private TestServer ts;

    @BeforeEach
    void start() throws Exception {
        ts.write("say.md", """
                ---
                params:
                  word: { default: hi }
                ---
                # Say

                ```sh {#main}
                echo "said ${params.word}"
                ```
                """);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return ts.post(path, body);
    }

    private JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private String startFlow(String name, String body) throws Exception {
        return json(post("/api/flows/" + name + "/start", body), 201).get("id").asText();
    }

    private JsonNode until(String id, Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode fi = null;
        while (System.nanoTime() < deadline) {
            fi = json(ts.get("/api/flow-instances/" + id), 200);
            if (condition.test(fi)) {
                return fi;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("instance " + id + " never got " + what + ": " + fi);
    }

    private static JsonNode node(JsonNode fi, String nodeId) {
        for (JsonNode n : fi.get("nodes")) {
            if (n.get("nodeId").asText().equals(nodeId)) {
                return n;
            }
        }
        throw new AssertionError("no node " + nodeId + " in " + fi);
    }

    private static String status(JsonNode fi) {
        return fi.get("status").asText();
    }

    private void pauseFlow() throws Exception {
        ts.write("hold.flow.yaml", """
                title: Hold
                nodes:
                  - { id: gate, type: pause, message: "Go on?", next: say }
                  - { id: say, type: runbook, runbook: say.md, next: done }
                  - { id: done, type: end }
                """);
    }

    @Test
    void GET_flows_listsFilesWithValidity_andGraphHasNodesAndEdges() throws Exception {
        ts.write("one.flow.yaml", """
                title: One
                params:
                  word: { default: there }
                nodes:
                  - { id: say, type: runbook, runbook: say.md, params: { word: "${params.word}" }, next: check }
                  - { id: check, type: branch, on: { ok: done, failed: bad } }
                  - { id: done, type: end }
                  - { id: bad, type: end, result: failed }
                """);
        ts.write("broken.flow.yaml", "title: Broken\nnodes:\n  - { id: a, type: runbook, runbook: missing.md }\n");

        JsonNode list = json(ts.get("/api/flows"), 200);
        assertEquals(2, list.size(), list.toString());
        assertEquals("broken.flow.yaml", list.get(0).get("name").asText());
        assertEquals(false, list.get(0).get("valid").asBoolean());
        assertTrue(list.get(0).get("problems").toString().contains("missing.md"), list.toString());
        assertEquals("One", list.get(1).get("title").asText());
        assertTrue(list.get(1).get("valid").asBoolean());

        JsonNode graph = json(ts.get("/api/flows/one.flow.yaml"), 200);
        assertEquals("say", graph.get("start").asText());
        assertEquals(4, graph.get("nodes").size());
        JsonNode check = graph.get("nodes").get(1);
        assertEquals("branch", check.get("type").asText());
        assertEquals("done", check.get("edges").get(0).get("to").asText());
        assertEquals("ok", check.get("edges").get(0).get("label").asText());
        assertEquals("there", graph.get("params").get(0).get("defaultValue").asText());
        assertEquals(404, ts.get("/api/flows/nope.flow.yaml").statusCode());
        assertEquals(400, ts.get("/api/flows/../x.flow.yaml").statusCode());
    }

    @Test
    void POST_start_runsTheFlowToOk_withWhoStartedIt() throws Exception {
        ts.write("one.flow.yaml", """
                title: One
                nodes:
                  - { id: say, type: runbook, runbook: say.md, next: done }
                  - { id: done, type: end }
                """);

        String id = startFlow("one.flow.yaml", "{\"params\":{}}");
        JsonNode fi = until(id, n -> status(n).equals("ok"), "ok");

        assertEquals("tester", fi.get("startedBy").asText());
        assertEquals("api", fi.get("via").asText(), "the interface as sign-in found it: an API token");
        JsonNode say = node(fi, "say");
        assertEquals("ok", say.get("status").asText());
        assertEquals(
                "/api/runs/" + say.get("runId").asText(), say.get("evidenceUrl").asText());
        assertEquals(200, ts.get(say.get("evidenceUrl").asText()).statusCode(), "the node's evidence is reachable");
        JsonNode list = json(ts.get("/api/flow-instances?status=ok&flow=one.flow.yaml"), 200);
        assertEquals(1, list.size());
        assertEquals(
                0,
                json(ts.get("/api/flow-instances?status=running,paused"), 200).size());
        assertEquals(
                400,
                post("/api/flows/one.flow.yaml/start", "{\"params\":{\"nope\":\"1\"}}")
                        .statusCode());
    }

    @Test
    void POST_approve_releasesThePausedNode_andTheFlowEndsOk() throws Exception {
        pauseFlow();
        String id = startFlow("hold.flow.yaml", "");
        until(id, n -> status(n).equals("paused"), "paused");
        JsonNode paused = json(ts.get("/api/flow-instances?status=paused"), 200);
        assertEquals(1, paused.size());
        assertEquals("gate", paused.get(0).get("paused").get(0).asText(), "lists say which node waits");

        json(post("/api/flow-instances/" + id + "/approve", "{\"nodeId\":\"gate\",\"comment\":\"fine by me\"}"), 200);
        JsonNode fi = until(id, n -> status(n).equals("ok"), "ok");

        JsonNode gate = node(fi, "gate");
        assertEquals("ok", gate.get("status").asText());
        assertEquals("tester", gate.get("actor").asText());
        assertEquals("fine by me", gate.get("comment").asText());
        assertEquals("ok", node(fi, "say").get("status").asText());
        assertEquals(
                409,
                post("/api/flow-instances/" + id + "/approve", "{\"nodeId\":\"gate\"}")
                        .statusCode(),
                "a finished instance cannot be approved again");
    }

    @Test
    void POST_reject_failsTheNode_andTheRunbookAfterItNeverRuns() throws Exception {
        pauseFlow();
        String id = startFlow("hold.flow.yaml", "");
        until(id, n -> status(n).equals("paused"), "paused");

        json(post("/api/flow-instances/" + id + "/reject", "{\"nodeId\":\"gate\",\"comment\":\"no\"}"), 200);
        JsonNode fi = until(id, n -> !status(n).equals("paused") && !status(n).equals("running"), "an end");

        assertEquals("failed", node(fi, "gate").get("status").asText());
        assertEquals("no", node(fi, "gate").get("comment").asText());
        assertTrue(node(fi, "say").get("runId").isNull(), "the runbook after a rejected pause must not run");
        assertEquals("failed", status(fi));
    }

    @Test
    void POST_emergencyStop_duringParallelSection_leavesNoProcessOfAnyBranch() throws Exception {
        String tag = "7" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 100000) + ".25";
        ts.write("slow.md", "# Slow\n\n```sh {#main}\nsleep " + tag + "\n```\n");
        ts.write("wide.flow.yaml", """
                title: Wide
                nodes:
                  - { id: fan, type: parallel, next: [a, b] }
                  - { id: a, type: runbook, runbook: slow.md, next: join }
                  - { id: b, type: runbook, runbook: slow.md, next: join }
                  - { id: join, type: merge, on-failure: fail, next: done }
                  - { id: done, type: end }
                """);
        String id = startFlow("wide.flow.yaml", "");
        for (int i = 0; i < 3000 && processes(tag) < 2; i++) {
            Thread.sleep(10);
        }
        assertEquals(2, processes(tag), "both branches run");

        JsonNode fi = json(post("/api/flow-instances/" + id + "/emergency-stop", ""), 200);

        assertEquals("stopped", status(fi));
        assertEquals("tester", fi.get("stoppedBy").asText());
        for (int i = 0; i < 300 && processes(tag) > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, processes(tag), "a process of some branch survived the emergency stop");
    }

    @Test
    void POST_approvals_releaseAPauseCellInsideAFlowRunbook() throws Exception {
        ts.write("gated.md", "# Gated\n\n```pause {#ask}\nReally?\n```\n\n```sh {#after}\necho after\n```\n");
        ts.write("gated.flow.yaml", """
                title: Gated
                nodes:
                  - { id: run, type: runbook, runbook: gated.md, next: done }
                  - { id: done, type: end }
                """);
        String id = startFlow("gated.flow.yaml", "");
        JsonNode pending = null;
        for (int i = 0; i < 3000; i++) {
            pending = json(ts.get("/api/approvals"), 200);
            if (!pending.isEmpty()) {
                break;
            }
            Thread.sleep(10);
        }
        assertNotNull(pending);
        assertEquals(1, pending.size(), "the pause cell waits");
        assertEquals("Really?", pending.get(0).get("message").asText());
        assertEquals("ask", pending.get(0).get("cellId").asText());

        json(post("/api/approvals/" + pending.get(0).get("id").asText() + "/approve", "{\"comment\":\"yes\"}"), 200);

        until(id, n -> status(n).equals("ok"), "ok");
        assertEquals(0, json(ts.get("/api/approvals"), 200).size());
        assertEquals(
                404,
                post("/api/approvals/" + pending.get(0).get("id").asText() + "/reject", "")
                        .statusCode());
    }

    @Test
    void WS_flows_pushesNodeChanges_andRefusesAForeignOrigin() throws Exception {
        pauseFlow();
        BlockingQueue<JsonNode> got = new LinkedBlockingQueue<>();
        URI uri = URI.create(ts.server.baseUrl().replace("http:", "ws:") + "/ws/flows");
        WebSocket ws = ts.http
                .newWebSocketBuilder()
                .header("X-Tejun-Client", "cli")
                .header("Authorization", "Bearer " + ts.token)
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder part = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket s, CharSequence data, boolean last) {
                        part.append(data);
                        if (last) {
                            try {
                                got.add(JSON.readTree(part.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            part.setLength(0);
                        }
                        s.request(1);
                        return null;
                    }
                })
                .join();
        try {
            // the first message says this socket gets every change from now on; a change made before it was lost
            // when it came between the handshake and the server's registration of the socket
            JsonNode first = got.poll(20, TimeUnit.SECONDS);
            assertNotNull(first, "no subscribed message");
            assertEquals("subscribed", first.get("type").asText(), first.toString());
            String id = startFlow("hold.flow.yaml", "");
            JsonNode m;
            do {
                m = got.poll(20, TimeUnit.SECONDS);
                assertNotNull(m, "no push of the paused node");
            } while (!(m.get("type").asText().equals("node")
                    && m.get("node").get("status").asText().equals("paused")));
            assertEquals(id, m.get("instanceId").asText());
            assertEquals("gate", m.get("node").get("nodeId").asText());
        } finally {
            ws.abort();
        }
        assertThrows(
                CompletionException.class,
                () -> ts.http
                        .newWebSocketBuilder()
                        .header("Authorization", "Bearer " + ts.token)
                        .header("Origin", "http://evil.example")
                        .buildAsync(uri, new WebSocket.Listener() {})
                        .join());
    }

    private static int processes(String tag) throws Exception {
        Process p = new ProcessBuilder("pgrep", "-f", "^sleep " + tag)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return out.isEmpty() ? 0 : (int) out.lines().count();
    }
}

package dev.tejun.server.flows;

import static dev.tejun.server.flows.FlowApiSupport.JSON;
import static dev.tejun.server.flows.FlowApiSupport.json;
import static dev.tejun.server.flows.FlowApiSupport.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every flow action lands in {@code /api/audit}, whatever started it; pauses that name a role refuse others. */
class FlowAuditApiTest {

    @Served
    private TestServer ts;

    @BeforeEach
    void start() throws Exception {
        ts.write("say.md", "# Say\n\n```sh {#a}\necho said\n```\n");
        ts.write("slow.md", "# Slow\n\n```sh {#a}\nsleep 60\n```\n");
        ts.write("hold.flow.yaml", """
                nodes:
                  - { id: gate, type: pause, message: "go on?", next: say }
                  - { id: say, type: runbook, runbook: say.md, next: end }
                  - { id: end, type: end }
                """);
        ts.write("guarded.flow.yaml", """
                nodes:
                  - { id: gate, type: pause, approver: operator, next: end }
                  - { id: end, type: end }
                """);
        ts.write("slow.flow.yaml", """
                nodes:
                  - { id: wait, type: runbook, runbook: slow.md, next: end }
                  - { id: end, type: end }
                """);
    }

    private String startFlow(String name) throws Exception {
        return json(ts.post("/api/flows/" + name + "/start", ""), 201).get("id").asText();
    }

    private String decide(String token, String id, String how, String comment) throws Exception {
        return ts.as(
                                token,
                                "POST",
                                "/api/flow-instances/" + id + "/" + how,
                                JSON.writeValueAsString(Map.of("nodeId", "gate", "comment", comment)))
                        .statusCode()
                + "";
    }

    /** The audit entries whose action starts with {@code prefix}, oldest first. */
    private List<JsonNode> audit(String prefix) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        json(ts.get("/api/audit?action=" + prefix + "&limit=1000"), 200).forEach(out::add);
        return out.reversed();
    }

    private JsonNode entry(String action, Predicate<JsonNode> also) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<JsonNode> all = List.of();
        while (System.nanoTime() < deadline) {
            all = audit(action);
            for (JsonNode e : all) {
                if (e.get("action").asText().equals(action) && also.test(e)) {
                    return e;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no audit entry " + action + " in " + all);
    }

    private static boolean targets(JsonNode e, String text) {
        return e.get("target").asText().equals(text);
    }

    @Test
    void restActions_startApproveRejectStopEmergencyStop_andEngineNodeRuns_areAudited() throws Exception {
        String approved = startFlow("hold.flow.yaml");
        until(ts, approved, fi -> fi.get("status").asText().equals("paused"), "paused");
        assertEquals("200", decide(ts.token, approved, "approve", "looks good"));
        until(ts, approved, fi -> fi.get("status").asText().equals("ok"), "ok");

        String rejected = startFlow("hold.flow.yaml");
        until(ts, rejected, fi -> fi.get("status").asText().equals("paused"), "paused");
        assertEquals("200", decide(ts.token, rejected, "reject", "not today"));

        String stopped = startFlow("hold.flow.yaml");
        until(ts, stopped, fi -> fi.get("status").asText().equals("paused"), "paused");
        json(ts.post("/api/flow-instances/" + stopped + "/stop", ""), 200);

        String slow = startFlow("slow.flow.yaml");
        until(
                ts,
                slow,
                fi -> fi.get("status").asText().equals("running")
                        && fi.get("nodes").get(0).get("status").asText().equals("running"),
                "running");
        json(ts.post("/api/flow-instances/" + slow + "/emergency-stop", ""), 200);

        String base = "flow:hold.flow.yaml instance:";
        JsonNode start = entry("flow.start", e -> targets(e, base + approved));
        assertEquals("tester", start.get("user").asText());
        assertEquals("api", start.get("iface").asText());
        assertEquals("ok", start.get("outcome").asText());

        JsonNode approve = entry("flow.approve", e -> targets(e, base + approved + " node:gate"));
        assertEquals("tester", approve.get("user").asText());
        assertTrue(approve.get("detail").asText().contains("\"comment\":\"looks good\""), approve.toString());

        JsonNode reject = entry("flow.reject", e -> targets(e, base + rejected + " node:gate"));
        assertTrue(reject.get("detail").asText().contains("\"comment\":\"not today\""), reject.toString());

        JsonNode run = entry("flow.node.start", e -> targets(e, base + approved + " node:say"));
        assertTrue(run.get("detail").asText().contains("\"by\":\"engine\""), run.toString());
        assertTrue(run.get("detail").asText().contains("\"runId\""), run.toString());
        assertEquals(
                "ok",
                entry("flow.node.end", e -> targets(e, base + approved + " node:say"))
                        .get("outcome")
                        .asText());

        assertEquals(
                "tester",
                entry("flow.stop", e -> targets(e, base + stopped)).get("user").asText());
        entry("flow.emergency-stop", e -> targets(e, "flow:slow.flow.yaml instance:" + slow));
        assertEquals(
                "stopped",
                entry("flow.node.end", e -> targets(e, "flow:slow.flow.yaml instance:" + slow + " node:wait"))
                        .get("outcome")
                        .asText());
        assertEquals(
                "failed",
                entry("flow.end", e -> targets(e, base + rejected))
                        .get("outcome")
                        .asText());
        assertTrue(json(ts.get("/api/audit/verify"), 200).get("ok").asBoolean(), "the chain still verifies");
    }

    @Test
    void flowCell_runByANotebookUser_overTheSocket_runsTheFlowAsThatUser() throws Exception {
        ts.write("book.md", "# Book\n\n```flow {#go flow=slow.flow.yaml}\n```\n");
        ts.write("slow.md", "# Quick now\n\n```sh {#a}\necho quick\n```\n");
        String nora = ts.userWith("nora", Role.OPERATOR);
        try (WsClient ws = WsClient.connect(
                ts, "book.md", Map.of("Origin", ts.server.baseUrl(), "Authorization", "Bearer " + nora))) {
            ws.send("{\"type\":\"execute\",\"id\":\"x\",\"cellId\":\"go\"}");
            assertEquals("x", ws.next("accepted").path("replyTo").asText());
            JsonNode start = entry("flow.start", e -> e.get("target").asText().startsWith("flow:slow.flow.yaml"));
            assertEquals("nora", start.get("user").asText(), start.toString());
            assertEquals("api", start.get("iface").asText(), "the interface nora came through (a token)");
            assertTrue(start.get("detail").asText().contains("from cell book.md/go"), start.toString());
            JsonNode node =
                    entry("flow.node.start", e -> e.get("target").asText().endsWith(" node:wait"));
            assertEquals("nora", node.get("user").asText(), node.toString());
            entry(
                    "flow.end",
                    e -> e.get("target").asText().startsWith("flow:slow.flow.yaml")
                            && e.get("outcome").asText().equals("ok"));
        }
        JsonNode listed = json(ts.get("/api/flow-instances"), 200).get(0);
        assertEquals("nora", listed.get("startedBy").asText());
        assertEquals("api", listed.get("via").asText());
        JsonNode fi = json(ts.get("/api/flow-instances/" + listed.get("id").asText()), 200);
        assertEquals("nora", FlowApiSupport.node(fi, "wait").get("actor").asText(), "the runbook node ran as nora");
    }

    @Test
    void approverRole_onFlowPause_onlyHoldersDecide_refusalIsAuditedAndPauseStaysPending() throws Exception {
        String plain = ts.userWith("amy", Role.APPROVER);
        String both = ts.userWith("bert", Role.APPROVER, Role.OPERATOR);
        String id = startFlow("guarded.flow.yaml");
        until(ts, id, fi -> fi.get("status").asText().equals("paused"), "paused");
        JsonNode listed = json(ts.get("/api/flow-instances?status=paused"), 200).get(0);
        assertEquals("operator", listed.get("approvers").get("gate").asText(), "lists say which role may decide");
        assertEquals(
                "operator",
                json(ts.get("/api/flows/guarded.flow.yaml"), 200)
                        .get("nodes")
                        .get(0)
                        .get("approver")
                        .asText());

        assertEquals("403", decide(plain, id, "approve", "me too"));
        assertEquals("403", decide(plain, id, "reject", "no"));
        assertEquals(
                "paused",
                json(ts.get("/api/flow-instances/" + id), 200).get("status").asText());
        JsonNode refused = entry("flow.approve", e -> e.get("outcome").asText().equals("refused"));
        assertEquals("amy", refused.get("user").asText());
        assertEquals(
                "flow:guarded.flow.yaml instance:" + id + " node:gate",
                refused.get("target").asText());
        assertTrue(refused.get("detail").asText().contains("operator"), refused.toString());

        assertEquals("200", decide(both, id, "approve", "mine to give"));
        assertEquals(
                "ok",
                until(ts, id, fi -> fi.get("status").asText().equals("ok"), "ok")
                        .get("status")
                        .asText());
        assertEquals(
                "bert",
                entry("flow.approve", e -> e.get("outcome").asText().equals("ok"))
                        .get("user")
                        .asText());
    }

    @Test
    void approverRole_onPauseCell_listedAndEnforced() throws Exception {
        ts.write("gate.md", "# Gate\n\n```pause {#hold approver=operator}\nready?\n```\n");
        String plain = ts.userWith("amy", Role.APPROVER);
        String both = ts.userWith("bert", Role.APPROVER, Role.OPERATOR);
        try (WsClient ws = ts.connect("gate.md")) {
            ws.send("{\"type\":\"execute\",\"id\":\"x\",\"cellId\":\"hold\"}");
            assertEquals("x", ws.next("accepted").path("replyTo").asText());
            JsonNode waiting = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (waiting == null && System.nanoTime() < deadline) {
                JsonNode list = json(ts.get("/api/approvals"), 200);
                waiting = list.isEmpty() ? null : list.get(0);
                Thread.sleep(25);
            }
            assertTrue(waiting != null, "the pause cell waits");
            assertEquals("operator", waiting.get("approver").asText());
            String path = "/api/approvals/" + waiting.get("id").asText();

            assertEquals(
                    403,
                    ts.as(plain, "POST", path + "/approve", "{\"comment\":\"x\"}")
                            .statusCode());
            assertEquals(1, json(ts.get("/api/approvals"), 200).size(), "still pending");
            assertEquals(
                    "refused",
                    entry("approval.approve", e -> e.get("user").asText().equals("amy"))
                            .get("outcome")
                            .asText());

            assertEquals(
                    200,
                    ts.as(both, "POST", path + "/approve", "{\"comment\":\"go\"}")
                            .statusCode());
            JsonNode ok = entry("approval.approve", e -> e.get("user").asText().equals("bert"));
            assertEquals("ok", ok.get("outcome").asText());
            assertTrue(ok.get("target").asText().contains("cell:hold"), ok.toString());
            assertTrue(ok.get("detail").asText().contains("\"comment\":\"go\""), ok.toString());
        }
    }
}

package dev.tejun.server.flows;

import static dev.tejun.server.flows.FlowApiSupport.JSON;
import static dev.tejun.server.flows.FlowApiSupport.json;
import static dev.tejun.server.flows.FlowApiSupport.node;
import static dev.tejun.server.flows.FlowApiSupport.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/flow-instances/{id}/evidence.zip} and {@code report.html} after a real run of two runbooks. */
class FlowEvidenceApiTest {

    static final String FLOW = """
            title: Two steps <and> a hold
            nodes:
              - { id: first, type: runbook, runbook: one.md, next: hold }
              - { id: hold, type: pause, message: "go on?", next: second }
              - { id: second, type: runbook, runbook: two.md, next: end }
              - { id: end, type: end }
            """;

    @Served
    private TestServer ts;

    @BeforeEach
    void start() throws Exception {
        ts.write("one.md", "# One\n\n```sh {#a}\necho from-one\n```\n");
        ts.write("two.md", "# Two\n\n```sh {#b}\necho from-two\n```\n");
        ts.write("steps.flow.yaml", FLOW);
    }

    /** Runs the flow to its end, approving the hold with {@code comment}; answers the finished instance. */
    private JsonNode runApproved(String comment) throws Exception {
        String id = json(ts.post("/api/flows/steps.flow.yaml/start", ""), 201)
                .get("id")
                .asText();
        until(ts, id, fi -> fi.get("status").asText().equals("paused"), "paused");
        json(
                ts.post(
                        "/api/flow-instances/" + id + "/approve",
                        JSON.writeValueAsString(Map.of("nodeId", "hold", "comment", comment))),
                200);
        return until(ts, id, fi -> fi.get("status").asText().equals("ok"), "ok");
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    @Test
    void GET_evidenceZip_holdsBothRunsTheCommentAndMatchingHashes() throws Exception {
        JsonNode fi = runApproved("change window agreed");
        String id = fi.get("id").asText();

        HttpResponse<byte[]> r = ts.getBytes("/api/flow-instances/" + id + "/evidence.zip");
        assertEquals(200, r.statusCode());
        assertEquals("application/zip", r.headers().firstValue("Content-Type").orElse(""));
        Map<String, byte[]> files = unzip(r.body());
        String top = id + "/";

        assertEquals(FLOW, new String(files.get(top + "definition.flow.yaml"), StandardCharsets.UTF_8));
        for (String nodeId : List.of("first", "second")) {
            String runId = node(fi, nodeId).get("runId").asText();
            String runJson = new String(files.get(top + "runs/" + runId + "/run.json"), StandardCharsets.UTF_8);
            assertTrue(runJson.contains(nodeId.equals("first") ? "one.md" : "two.md"), runJson);
            String stdout = files.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(top + "runs/" + runId + "/cells/")
                            && e.getKey().endsWith("stdout.bin"))
                    .map(e -> new String(e.getValue(), StandardCharsets.UTF_8))
                    .findFirst()
                    .orElseThrow();
            assertEquals(nodeId.equals("first") ? "from-one\n" : "from-two\n", stdout);
        }
        JsonNode transitions = JSON.readTree(files.get(top + "transitions.json"));
        JsonNode approved = null;
        for (JsonNode t : transitions) {
            if (t.get("kind").asText().equals("approved")) {
                approved = t;
            }
        }
        assertTrue(approved != null, transitions.toString());
        assertEquals("change window agreed", approved.get("comment").asText());
        assertEquals("tester", approved.get("user").asText());
        assertEquals("api", approved.get("via").asText());
        assertEquals("started", transitions.get(0).get("kind").asText());
        assertEquals("tester", transitions.get(0).get("user").asText());

        JsonNode manifest = JSON.readTree(files.get(top + "manifest.json"));
        assertEquals(
                Manifest.sha256(FLOW.getBytes(StandardCharsets.UTF_8)),
                manifest.get("definitionSha256").asText());
        assertEquals(files.size() - 1, manifest.get("files").size(), "every file but the manifest is hashed");
        manifest.get("files")
                .properties()
                .forEach(e ->
                        assertEquals(e.getValue().asText(), Manifest.sha256(files.get(top + e.getKey())), e.getKey()));
    }

    @Test
    void GET_reportHtml_showsNodesApprovalsAndRunLinks_escaped() throws Exception {
        JsonNode fi = runApproved("<script>alert(1)</script> ok");
        String id = fi.get("id").asText();

        HttpResponse<String> r = ts.get("/api/flow-instances/" + id + "/report.html");
        assertEquals(200, r.statusCode());
        String html = r.body();
        assertFalse(html.contains("<script>alert(1)"), "comments are escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; ok"), html);
        assertTrue(html.contains("Two steps &lt;and&gt; a hold"), "the flow file is escaped too");
        for (String nodeId : List.of("first", "second")) {
            String runId = node(fi, nodeId).get("runId").asText();
            assertTrue(html.contains("href=\"/api/runs/" + runId + "/report.html\""), html);
        }
        assertTrue(html.contains("<td>approved</td><td>tester</td>"), html);
        assertTrue(html.contains("<h2>Approvals</h2>"), html);

        String ja = ts.get("/api/flow-instances/" + id + "/report.html?lang=ja").body();
        assertTrue(ja.contains("<html lang=\"ja\">"), ja);
        assertTrue(ja.contains("<h2>承認</h2>") && ja.contains("<h2>履歴</h2>"), ja);
        assertFalse(ja.contains("<h2>Approvals</h2>") || ja.contains("<th>comment</th>"), ja);
        assertTrue(ja.contains("<td>approved</td><td>tester</td>"), "recorded values as recorded: " + ja);
    }

    @Test
    void GET_reportAndZip_ofACallingFlow_holdTheCalledFlowAndLinkItsReport() throws Exception {
        ts.write("outer.flow.yaml", """
                nodes:
                  - { id: sub, type: call, flow: inner.flow.yaml, next: end }
                  - { id: end, type: end }
                """);
        ts.write(
                "inner.flow.yaml",
                "nodes:\n  - { id: a, type: runbook, runbook: one.md, next: end }\n  - { id: end, type: end }\n");
        String id = json(ts.post("/api/flows/outer.flow.yaml/start", ""), 201)
                .get("id")
                .asText();
        String child = node(until(ts, id, fi -> fi.get("status").asText().equals("ok"), "ok"), "sub")
                .get("child")
                .asText();
        String childRun = node(json(ts.get("/api/flow-instances/" + child), 200), "a")
                .get("runId")
                .asText();

        String html = ts.get("/api/flow-instances/" + id + "/report.html").body();
        assertTrue(html.contains("href=\"/api/flow-instances/" + child + "/report.html\""), html);
        Map<String, byte[]> files =
                unzip(ts.getBytes("/api/flow-instances/" + id + "/evidence.zip").body());
        String path = "calls/" + child + "/runs/" + childRun + "/run.json";
        assertTrue(files.containsKey(id + "/" + path), files.keySet().toString());
        JsonNode manifest = JSON.readTree(files.get(id + "/manifest.json"));
        assertEquals(
                Manifest.sha256(files.get(id + "/" + path)),
                manifest.get("files").get(path).asText());
    }

    @Test
    void GET_evidence_needsSignIn_andAViewerMayRead_unknownIs404() throws Exception {
        JsonNode fi = runApproved("fine");
        String id = fi.get("id").asText();
        String viewer = ts.userWith("vera", Role.VIEWER);
        assertEquals(
                200,
                ts.as(viewer, "GET", "/api/flow-instances/" + id + "/report.html", null)
                        .statusCode());
        assertEquals(
                401,
                ts.send("GET", "/api/flow-instances/" + id + "/evidence.zip", null, Map.of())
                        .statusCode());
        assertEquals(404, ts.get("/api/flow-instances/flow-nope/evidence.zip").statusCode());
    }
}

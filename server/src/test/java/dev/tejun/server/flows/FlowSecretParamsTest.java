package dev.tejun.server.flows;

import static dev.tejun.server.flows.FlowApiSupport.JSON;
import static dev.tejun.server.flows.FlowApiSupport.json;
import static dev.tejun.server.flows.FlowApiSupport.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A flow's secret params, given or defaulted, are masked in the instance API, its messages, bundle and report, and in
 * the runs of its nodes even when the node's runbook takes the value as a param it does not call secret.
 */
class FlowSecretParamsTest {

    static final String GIVEN = "given-Pq42-token";
    static final String DEFAULT = "default-Wm77-key";

    static final String FLOW = """
            title: Deploy with a token
            params:
              token: { secret: true }
              key: { secret: true, default: %s }
              env: { default: staging }
            nodes:
              - { id: hold, type: pause, message: "deploy to ${params.env} with ${params.token} / ${params.key}?", next: end }
              - { id: end, type: end }
            """.formatted(DEFAULT);

    @Served
    TestServer ts;

    @BeforeEach
    void start() throws Exception {
        ts.write("deploy.flow.yaml", FLOW);
    }

    @Test
    void instance_withSecretParams_neverShowsTheirValues() throws Exception {
        String id = json(
                        ts.post(
                                "/api/flows/deploy.flow.yaml/start",
                                JSON.writeValueAsString(Map.of("params", Map.of("token", GIVEN)))),
                        201)
                .get("id")
                .asText();
        JsonNode paused = until(ts, id, fi -> fi.get("status").asText().equals("paused"), "paused");

        assertEquals("****", paused.path("params").path("token").asText(), paused.toString());
        assertEquals("****", paused.path("params").path("key").asText());
        assertEquals("staging", paused.path("params").path("env").asText(), "other params are shown");
        String rest = ts.get("/api/flow-instances/" + id).body()
                + ts.get("/api/flow-instances").body();
        assertFalse(rest.contains(GIVEN) || rest.contains(DEFAULT), rest);
        assertTrue(rest.contains("deploy to staging with **** / ****?"), "the pause message masks them: " + rest);

        json(
                ts.post(
                        "/api/flow-instances/" + id + "/approve",
                        JSON.writeValueAsString(Map.of("nodeId", "hold", "comment", "ok"))),
                200);
        until(ts, id, fi -> fi.get("status").asText().equals("ok"), "ok");

        String report = ts.get("/api/flow-instances/" + id + "/report.html").body();
        assertFalse(report.contains(GIVEN) || report.contains(DEFAULT), report);
        byte[] zip = ts.getBytes("/api/flow-instances/" + id + "/evidence.zip").body();
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries++;
                String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(GIVEN) || text.contains(DEFAULT), e.getName() + ": " + text);
            }
        }
        assertTrue(entries >= 4);
    }

    @Test
    void runbookNode_givenASecretParamUnderANameItDoesNotCallSecret_masksItInItsRun() throws Exception {
        // the node's runbook declares `tok` as a plain param: its run masked only what the runbook itself called
        // secret, so the flow's token was printed and kept in evidence in clear
        ts.write("use.md", """
                ---
                params:
                  tok: {}
                ---
                ```sh {#show}
                echo "got ${params.tok}"
                ```
                """);
        ts.write("pass.flow.yaml", """
                title: Pass a token on
                params:
                  token: { secret: true }
                nodes:
                  - { id: use, type: runbook, runbook: use.md, params: { tok: "${params.token}" }, next: end }
                  - { id: end, type: end }
                """);
        String id = json(
                        ts.post(
                                "/api/flows/pass.flow.yaml/start",
                                JSON.writeValueAsString(Map.of("params", Map.of("token", GIVEN)))),
                        201)
                .get("id")
                .asText();
        JsonNode done = until(ts, id, fi -> !fi.get("status").asText().equals("running"), "ended");
        assertEquals("ok", done.get("status").asText(), done.toString());
        String runId = FlowApiSupport.node(done, "use").get("runId").asText();
        String stdout = ts.get("/api/runs/" + runId + "/cells/show/stdout").body();
        assertEquals("got ********\n", stdout);
        String run = ts.get("/api/runs/" + runId).body();
        assertFalse(run.contains(GIVEN), run);
        byte[] zip = ts.getBytes("/api/runs/" + runId + "/evidence.zip").body();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(GIVEN), e.getName() + ": " + text);
            }
        }
    }
}

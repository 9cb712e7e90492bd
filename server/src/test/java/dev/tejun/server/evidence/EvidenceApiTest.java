package dev.tejun.server.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EvidenceApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BOOK = """
            ---
            params:
              token: { secret: true }
            ---
            # Deploy <img src=x onerror=alert(1)>

            ```sh {#show}
            echo "using ${params.token} <script>alert(2)</script>"
            ```
            """;

    @Served
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t.write("deploy.md", BOOK);
    }

    String runOnce() throws Exception {
        try (WsClient ws = t.connect("deploy.md")) {
            ws.send("{\"type\":\"attach\"}");
            ws.next("snapshot");
            ws.send("{\"type\":\"run-all\",\"id\":\"r\",\"params\":{\"token\":\"s3cr3t-value\"}}");
            String runId = ws.next("accepted").path("runId").asText();
            List<JsonNode> events = ws.eventsUntil(WsClient.runFinished(runId));
            assertFalse(events.toString().contains("s3cr3t-value"), "the browser never sees the secret");
            return runId;
        }
    }

    JsonNode listed(String query) throws Exception {
        for (int i = 0; i < 50; i++) { // the index row is written just after the run's last event
            JsonNode runs = JSON.readTree(t.get("/api/runs" + query).body());
            if (!runs.isEmpty()) {
                return runs;
            }
            Thread.sleep(100);
        }
        return JSON.createArrayNode();
    }

    @Test
    void run_isIndexed_reportMaskedAndEscaped_zipAndVerify() throws Exception {
        String runId = runOnce();
        JsonNode runs = listed("?user=tester&status=ok");
        assertEquals(runId, runs.get(0).path("runId").asText());
        assertEquals("deploy.md", runs.get(0).path("runbook").asText());
        assertEquals(64, runs.get(0).path("manifestSha256").asText().length());
        assertEquals(0, JSON.readTree(t.get("/api/runs?user=nobody").body()).size());

        String html = t.get("/api/runs/" + runId + "/report.html").body();
        assertFalse(html.contains("s3cr3t-value"), "masked in evidence");
        assertTrue(html.contains("using ******** &lt;script&gt;alert(2)&lt;/script&gt;"), html);
        assertFalse(html.contains("<img src=x") || html.contains("<script>alert"), "nothing from the run is markup");
        assertTrue(t.get("/api/runs/" + runId + "/report.md").body().contains("**sh #show — ok (exit 0)**"));

        byte[] zip = t.getBytes("/api/runs/" + runId + "/evidence.zip").body();
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
                assertFalse(new String(in.readAllBytes()).contains("s3cr3t-value"), e.getName());
            }
        }
        assertTrue(names.contains(runId + "/manifest.json") && names.contains(runId + "/run.json"), names.toString());
        assertTrue(JSON.readTree(t.get("/api/runs/" + runId + "/verify").body())
                .path("ok")
                .asBoolean());
    }

    @Test
    void verifyCommand_changedEvidence_exitsNonZeroNamingTheFile() throws Exception {
        String runId = runOnce();
        listed("");
        Path evidence = t.data.resolve("evidence");
        assertEquals(
                0,
                EvidenceVerifyCommand.run(
                        evidence,
                        runId,
                        null,
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(new ByteArrayOutputStream())));
        Path out = evidence.resolve(runId).resolve("cells/01-show/stdout.bin");
        byte[] bytes = Files.readAllBytes(out);
        bytes[0] ^= 1;
        Files.write(out, bytes);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(
                1,
                EvidenceVerifyCommand.run(
                        evidence,
                        null,
                        null,
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true)));
        assertTrue(err.toString().contains(runId + ": cells/01-show/stdout.bin was changed"), err.toString());
        assertFalse(JSON.readTree(t.get("/api/runs/" + runId + "/verify").body())
                .path("ok")
                .asBoolean());
    }

    @Test
    void pathParams_refuseTraversal() throws Exception {
        for (String bad : List.of("..%2F..%2Fdata", "..", "%2Fetc", "20260101-120000-abcdef%2F..")) {
            for (String suffix : List.of("/evidence.zip", "/report.html", "/report.md", "/verify")) {
                int status = t.get("/api/runs/" + bad + suffix).statusCode();
                assertTrue(status == 400 || status == 404, bad + suffix + " gave " + status);
            }
        }
        for (String bad : List.of("..%2Ftester", "a%2Fb", "..")) {
            int users =
                    t.as(t.token, "PUT", "/api/users/" + bad, "{\"roles\":[]}").statusCode();
            assertTrue(users == 400 || users == 404, "users " + bad + " gave " + users);
            int tokens = t.as(t.token, "DELETE", "/api/tokens/" + bad, null).statusCode();
            assertTrue(tokens == 400 || tokens == 404, "tokens " + bad + " gave " + tokens);
        }
    }
}

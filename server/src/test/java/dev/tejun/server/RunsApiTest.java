package dev.tejun.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunsApiTest {

    @Served
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t.write("bytes.md", """
                ```sh {#raw}
                printf '\\377ab\\303'; printf 'c\\n'
                ```
                """);
    }

    @Test
    void runs_download_rawOutput() throws Exception {
        String runId;
        try (WsClient ws = t.connect("bytes.md")) {
            ws.send("{\"type\":\"attach\"}");
            ws.send("{\"type\":\"execute\",\"cellId\":\"raw\"}");
            runId = ws.next("accepted").path("runId").asText();
            ws.eventsUntil(WsClient.runFinished(runId));
        }
        HttpResponse<byte[]> out = t.getBytes("/api/runs/" + runId + "/cells/raw/stdout");
        assertEquals(200, out.statusCode());
        assertEquals(
                "application/octet-stream",
                out.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(
                new byte[] {(byte) 0xff, 'a', 'b', (byte) 0xc3, 'c', '\n'},
                out.body(),
                "the bytes, not the decoded text");

        HttpResponse<byte[]> err = t.getBytes("/api/runs/" + runId + "/cells/raw/stderr");
        assertEquals(200, err.statusCode());
        assertEquals(0, err.body().length);

        JsonNode run = new ObjectMapper().readTree(t.get("/api/runs/" + runId).body());
        assertEquals(runId, run.path("runId").asText());
        assertEquals("bytes.md", run.path("runbook").asText());
        assertEquals("tester", run.path("user").asText());
        assertEquals("api", run.path("via").asText());

        assertEquals(404, t.get("/api/runs/" + runId + "/cells/other/stdout").statusCode());
        assertEquals(404, t.get("/api/runs/20990101-000000-000000").statusCode());
    }
}

package dev.tejun.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cell's full output is read a page at a time (issue 15 §2): the notebook's "full output" viewer asks for one
 * byte range per page, so a 400 MB output never goes to a browser tab in one response. Without a Range header the
 * whole file still comes (downloads, curl).
 */
class OutputPagesTest {

    private static final long SIZE = 3_000_001; // 3,000,000 'x' then the newline printf adds

    @Served
    static TestServer t;

    static String path;

    @BeforeAll
    static void run() throws Exception {
        t.write("big.md", """
                ```sh {#big}
                yes x | tr -d '\\n' | head -c 2999999; printf 'E\\n'
                ```
                """);
        try (WsClient ws = t.connect("big.md")) {
            ws.send("{\"type\":\"attach\"}");
            ws.send("{\"type\":\"execute\",\"cellId\":\"big\"}");
            String runId = ws.next("accepted").path("runId").asText();
            ws.eventsUntil(WsClient.runFinished(runId));
            path = "/api/runs/" + runId + "/cells/big/stdout";
        }
    }

    @Test
    void output_firstPage_isOnlyThatPage() throws Exception {
        HttpResponse<byte[]> page = t.getBytes(path, "Range", "bytes=0-1048575");

        assertEquals(206, page.statusCode());
        assertEquals(1_048_576, page.body().length);
        assertEquals(
                "bytes 0-1048575/" + SIZE,
                page.headers().firstValue("Content-Range").orElse(""));
        assertEquals("bytes", page.headers().firstValue("Accept-Ranges").orElse(""));
    }

    @Test
    void output_lastBytes_areTheEndOfTheOutput() throws Exception {
        HttpResponse<byte[]> tail = t.getBytes(path, "Range", "bytes=-4");

        assertEquals(206, tail.statusCode());
        assertEquals("xxE\n", new String(tail.body(), StandardCharsets.US_ASCII));
        assertEquals(
                "bytes " + (SIZE - 4) + "-" + (SIZE - 1) + "/" + SIZE,
                tail.headers().firstValue("Content-Range").orElse(""));
    }

    @Test
    void output_openEndedRange_runsToTheEnd() throws Exception {
        HttpResponse<byte[]> rest = t.getBytes(path, "Range", "bytes=2097152-");

        assertEquals(206, rest.statusCode());
        assertEquals(SIZE - 2_097_152, rest.body().length);
    }

    @Test
    void output_rangePastTheEnd_is416WithTheSize() throws Exception {
        HttpResponse<byte[]> past = t.getBytes(path, "Range", "bytes=" + SIZE + "-");

        assertEquals(416, past.statusCode());
        assertEquals(
                "bytes */" + SIZE, past.headers().firstValue("Content-Range").orElse(""));
    }

    @Test
    void output_withoutRange_isTheWholeFile() throws Exception {
        HttpResponse<byte[]> all = t.getBytes(path);

        assertEquals(200, all.statusCode());
        assertEquals(SIZE, all.body().length);
        assertTrue(new String(all.body(), StandardCharsets.US_ASCII).endsWith("xE\n"));
    }
}

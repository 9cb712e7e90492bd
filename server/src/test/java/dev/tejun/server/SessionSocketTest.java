package dev.tejun.server;

import static dev.tejun.server.fixtures.WsClient.runFinished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionSocketTest {

    static final String BOOK = """
            # Book

            ```sh {#greet streams=separate}
            printf 'hello\\n'; printf 'warn\\n' >&2
            ```

            ```sh {#count}
            for i in 1 2 3; do echo "line $i"; done
            ```

            ```sh {#slow}
            echo started; sleep 30; echo never
            ```
            """;

    @Served
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t.write("book.md", BOOK);
    }

    @Test
    void ws_execute_streamsOutputAndFinished() throws Exception {
        try (WsClient ws = t.connect("book.md")) {
            ws.send("{\"type\":\"attach\",\"since\":0}");
            JsonNode snapshot = ws.next("snapshot");
            assertEquals("book.md", snapshot.path("runbook").asText());
            assertEquals(0, snapshot.path("lastSeq").asLong());

            ws.send("{\"type\":\"execute\",\"id\":\"m1\",\"cellId\":\"greet\"}");
            JsonNode accepted = ws.next("accepted");
            assertEquals("m1", accepted.path("replyTo").asText());
            String runId = accepted.path("runId").asText();

            List<JsonNode> events = ws.eventsUntil(runFinished(runId));
            assertEquals("run-started", events.getFirst().path("type").asText());
            assertEquals(
                    List.of("greet"),
                    List.of(events.getFirst().path("cellIds").get(0).asText()));
            JsonNode started = events.get(1);
            assertEquals("cell-started", started.path("type").asText());
            assertEquals(
                    "printf 'hello\\n'; printf 'warn\\n' >&2\n",
                    started.path("code").asText());
            assertEquals("hello\n", output(events, "stdout"));
            assertEquals("warn\n", output(events, "stderr"));
            JsonNode finished = events.get(events.size() - 2);
            assertEquals("cell-finished", finished.path("type").asText());
            assertEquals("ok", finished.path("status").asText());
            assertEquals(0, finished.path("exitCode").asInt());
            assertEquals("ok", events.getLast().path("status").asText());
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1, events.get(i).path("seq").asLong(), "seq grows by one");
                assertEquals(runId, events.get(i).path("runId").asText());
                assertTrue(events.get(i).path("at").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
            }
        }
    }

    @Test
    void ws_attachSince_replaysMissedEvents() throws Exception {
        long seen;
        try (WsClient first = t.connect("book.md")) {
            first.send("{\"type\":\"attach\",\"since\":0}");
            first.send("{\"type\":\"execute\",\"cellId\":\"greet\"}");
            String runId = first.next("accepted").path("runId").asText();
            seen = first.eventsUntil(runFinished(runId)).getLast().path("seq").asLong();
        }
        List<JsonNode> missed;
        try (WsClient other = t.connect("book.md")) {
            other.send("{\"type\":\"attach\",\"since\":" + seen + "}");
            other.send("{\"type\":\"execute\",\"cellId\":\"count\"}");
            String runId = other.next("accepted").path("runId").asText();
            missed = other.eventsUntil(runFinished(runId));
        }
        try (WsClient back = t.connect("book.md")) {
            back.send("{\"type\":\"attach\",\"since\":" + seen + "}");
            JsonNode snapshot = back.next();
            assertEquals("snapshot", snapshot.path("type").asText(), "the snapshot comes first");
            assertEquals(
                    missed.getLast().path("seq").asLong(),
                    snapshot.path("lastSeq").asLong());
            List<JsonNode> replayed =
                    back.eventsUntil(runFinished(missed.getLast().path("runId").asText()));
            assertEquals(missed, replayed);
            assertEquals(seen + 1, replayed.getFirst().path("seq").asLong());
            assertEquals("line 1\nline 2\nline 3\n", output(replayed, "stdout"));
            Thread.sleep(200);
            assertTrue(back.pending().isEmpty(), "nothing more than the rest");
        }
    }

    @Test
    void ws_twoClients_seeSameStream() throws Exception {
        try (WsClient a = t.connect("book.md");
                WsClient b = t.connect("book.md")) {
            a.send("{\"type\":\"attach\",\"since\":0}");
            b.send("{\"type\":\"attach\",\"since\":0}");
            a.next("snapshot");
            b.next("snapshot");
            a.send("{\"type\":\"run-all\",\"id\":\"all\"}");
            String runId = a.next("accepted").path("runId").asText();
            // run-all reaches "slow"; stop it from the other browser
            b.eventsUntil(e -> e.path("type").asText().equals("cell-output")
                    && e.path("text").asText().contains("started"));
            b.send("{\"type\":\"interrupt\"}");
            List<JsonNode> seenByA = a.eventsUntil(runFinished(runId));
            List<JsonNode> seenByB = b.eventsUntil(runFinished(runId));
            assertEquals(seenByA.subList(seenByA.size() - seenByB.size(), seenByA.size()), seenByB);
            assertEquals(
                    seenByA.stream()
                            .filter(e -> e.path("type").asText().equals("cell-finished"))
                            .count(),
                    3);
        }
    }

    @Test
    void ws_badMessage_errorAndSessionSurvives() throws Exception {
        try (WsClient ws = t.connect("book.md")) {
            ws.send("this is not json");
            JsonNode error = ws.next();
            assertEquals("error", error.path("type").asText());
            assertTrue(error.path("replyTo").isNull());

            ws.send("{\"type\":\"launch-missiles\",\"id\":\"x1\"}");
            error = ws.next();
            assertEquals("error", error.path("type").asText());
            assertEquals("x1", error.path("replyTo").asText());
            assertTrue(error.path("message").asText().contains("launch-missiles"));

            ws.send("{\"type\":\"execute\",\"id\":\"x2\",\"cellId\":\"no-such-cell\"}");
            error = ws.next();
            assertEquals("error", error.path("type").asText());
            assertEquals("x2", error.path("replyTo").asText());

            ws.send("{\"type\":\"execute\",\"id\":\"x3\",\"cellId\":\"greet\",\"params\":{\"nope\":\"1\"}}");
            error = ws.next();
            assertEquals("error", error.path("type").asText(), "a param the runbook does not declare");

            ws.send("{\"type\":\"attach\"}");
            ws.next("snapshot");
            ws.send("{\"type\":\"execute\",\"id\":\"x4\",\"cellId\":\"greet\"}");
            JsonNode accepted = ws.next("accepted");
            assertEquals("x4", accepted.path("replyTo").asText());
            JsonNode last =
                    ws.eventsUntil(runFinished(accepted.path("runId").asText())).getLast();
            assertEquals("ok", last.path("status").asText());
        }
    }

    @Test
    void ws_interrupt_stopsRunningCell() throws Exception {
        try (WsClient ws = t.connect("book.md")) {
            ws.send("{\"type\":\"attach\",\"since\":0}");
            ws.send("{\"type\":\"execute\",\"cellId\":\"slow\"}");
            String runId = ws.next("accepted").path("runId").asText();
            ws.eventsUntil(e -> e.path("type").asText().equals("cell-output"));
            ws.send("{\"type\":\"interrupt\",\"id\":\"stop\"}");
            List<JsonNode> rest = ws.eventsUntil(runFinished(runId));
            JsonNode finished = rest.stream()
                    .filter(e -> e.path("type").asText().equals("cell-finished"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("stopped", finished.path("status").asText());
            assertEquals("stopped", rest.getLast().path("status").asText());
            assertFalse(output(rest, "stdout").contains("never"));
            assertTrue(
                    ProcessHandle.current()
                            .descendants()
                            .noneMatch(p -> p.info().command().orElse("").endsWith("sleep")),
                    "the cell's processes are gone");
        }
    }

    @Test
    void ws_foreignOrigin_refused() {
        assertRefused(Map.of("Origin", "http://evil.example"), 403);
        assertRefused(Map.of("Origin", "http://localhost:1"), 403);
        assertRefused(Map.of(), 403);
        assertRefused(Map.of("Origin", "http://evil.example", "X-Tejun-Client", "cli"), 403);
    }

    @Test
    void ws_cliClientWithoutOrigin_accepted() throws Exception {
        try (WsClient ws = WsClient.connect(t, "book.md", Map.of("X-Tejun-Client", "cli"))) {
            ws.send("{\"type\":\"attach\"}");
            assertNull(ws.next("snapshot").path("activeRunId").textValue());
        }
    }

    @Test
    void ws_unknownRunbook_refused() {
        assertRefused("missing.md", Map.of("Origin", t.server.baseUrl()), 404);
    }

    private void assertRefused(Map<String, String> headers, int status) {
        assertRefused("book.md", headers, status);
    }

    private void assertRefused(String runbook, Map<String, String> headers, int status) {
        CompletionException e = assertThrows(CompletionException.class, () -> WsClient.connect(t, runbook, headers));
        WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
        assertEquals(status, refused.getResponse().statusCode(), headers.toString());
    }

    static String output(List<JsonNode> events, String stream) {
        StringBuilder out = new StringBuilder();
        events.stream()
                .filter(e -> e.path("type").asText().equals("cell-output")
                        && e.path("stream").asText().equals(stream))
                .forEach(e -> out.append(e.path("text").asText()));
        return out.toString();
    }
}

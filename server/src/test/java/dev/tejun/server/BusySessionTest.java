package dev.tejun.server;

import static dev.tejun.server.fixtures.WsClient.runFinished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A second run on a session that has one queued or running is refused unless the client asks to queue it. */
class BusySessionTest {

    static final String BOOK = """
            # Book

            ```sh {#first}
            echo first
            ```

            ```sh {#wait}
            sleep 1; echo waited
            ```
            """;

    @Served
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t.write("book.md", BOOK);
    }

    @Test
    void runAll_whileBusy_refusedWithReasonAndFirstRunGoesOn() throws Exception {
        try (WsClient ws = t.connect("book.md")) {
            ws.send("{\"type\":\"attach\",\"since\":0}");
            ws.next("snapshot");
            ws.send("{\"type\":\"run-all\",\"id\":\"a\"}");
            String runId = ws.next("accepted").path("runId").asText();
            ws.send("{\"type\":\"run-all\",\"id\":\"b\"}");
            JsonNode refused = ws.next("error");
            assertEquals("b", refused.path("replyTo").asText());
            String message = refused.path("message").asText();
            assertTrue(message.startsWith("busy: ") && message.contains("queue: true"), message);
            ws.send("{\"type\":\"execute\",\"id\":\"c\",\"cellId\":\"first\"}");
            assertEquals("c", ws.next("error").path("replyTo").asText(), "a cell run is refused too");

            List<JsonNode> events = ws.eventsUntil(runFinished(runId));
            assertEquals("ok", events.getLast().path("status").asText(), "the first run is untouched");
            assertEquals(1, count(events, "run-started"), "the refused runs never started");
            assertEquals(2, count(events, "cell-finished"));

            // idle again as soon as the run's end is seen: no stale busy flag
            ws.send("{\"type\":\"execute\",\"id\":\"d\",\"cellId\":\"first\"}");
            String again = ws.next("accepted").path("runId").asText();
            ws.eventsUntil(runFinished(again));
        }
    }

    @Test
    void runAll_whileBusyWithQueueTrue_queuedAndBothRun() throws Exception {
        try (WsClient ws = t.connect("book.md")) {
            ws.send("{\"type\":\"attach\",\"since\":0}");
            ws.next("snapshot");
            ws.send("{\"type\":\"run-all\",\"id\":\"a\"}");
            String first = ws.next("accepted").path("runId").asText();
            ws.send("{\"type\":\"run-all\",\"id\":\"b\",\"queue\":true}");
            String second = ws.next("accepted").path("runId").asText();
            ws.eventsUntil(runFinished(first));
            List<JsonNode> rest = ws.eventsUntil(runFinished(second));
            assertEquals("ok", rest.getLast().path("status").asText());
        }
    }

    private static long count(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.path("type").asText().equals(type)).count();
    }
}

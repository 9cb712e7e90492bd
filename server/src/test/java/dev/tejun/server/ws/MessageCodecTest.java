package dev.tejun.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Stream;
import dev.tejun.server.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    final MessageCodec codec = new MessageCodec(Json.newMapper());
    final ObjectMapper plain = new ObjectMapper();

    @Test
    void decode_eachClientType() throws Exception {
        assertEquals(new Messages.Attach(null, 7L), codec.decode("{\"type\":\"attach\",\"since\":7}"));
        assertEquals(
                new Messages.Execute("1", "greet", Map.of("env", "prod"), true, "r-1"),
                codec.decode("{\"type\":\"execute\",\"id\":\"1\",\"cellId\":\"greet\",\"params\":{\"env\":\"prod\"},"
                        + "\"queue\":true,\"confirmRun\":\"r-1\"}"));
        assertEquals(new Messages.RunAll(null, null, null, null, null), codec.decode("{\"type\":\"run-all\"}"));
        assertEquals(new Messages.Interrupt("i"), codec.decode("{\"type\":\"interrupt\",\"id\":\"i\"}"));
    }

    @Test
    void decode_invalid_badMessageWithReplyTo() {
        for (String text : List.of(
                "[1]",
                "{}",
                "{\"type\":\"nope\",\"id\":\"q\"}",
                "{\"type\":\"execute\",\"id\":\"q\"}",
                "{\"type\":\"attach\",\"id\":\"q\",\"since\":-1}",
                "{\"type\":\"attach\",\"id\":\"q\",\"extra\":1}",
                "{\"type\":\"execute\",\"id\":\"q\",\"cellId\":\"a\",\"params\":{\"x\":{}}}")) {
            MessageCodec.BadMessage e = assertThrows(MessageCodec.BadMessage.class, () -> codec.decode(text), text);
            if (text.contains("\"q\"")) {
                assertEquals("q", e.replyTo(), text);
            }
        }
    }

    @Test
    void decode_invalid_saysWhatIsWrong() {
        // a message the direct read refuses is read again through the tree, which names the fault
        assertEquals("a message is a JSON object with a \"type\"", badMessage("[1]"));
        assertEquals("a message needs a \"type\"", badMessage("{\"id\":\"q\"}"));
        assertEquals("unknown message type 'nope'", badMessage("{\"type\":\"nope\",\"id\":\"q\"}"));
        assertEquals(
                "unknown field 'extra' in a attach message",
                badMessage("{\"type\":\"attach\",\"id\":\"q\",\"extra\":1}"));
        assertTrue(badMessage("{\"type\":").startsWith("not JSON: "));
        assertEquals("since must be 0 or more", badMessage("{\"type\":\"attach\",\"id\":\"q\",\"since\":-1}"));
    }

    private String badMessage(String text) {
        return assertThrows(MessageCodec.BadMessage.class, () -> codec.decode(text), text)
                .getMessage();
    }

    @Test
    void encode_eventsInWireForm() throws Exception {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        JsonNode json = plain.readTree(codec.encode(codec.events(List.of(
                new CellOutput(3, at, "r1", "c1", Stream.STDERR, null, "oops\n"),
                new CellFinished(4, at, "r1", "c1", CellStatus.TIMED_OUT, null, 12, "timed out")))));
        assertEquals("events", json.path("type").asText());
        JsonNode out = json.path("events").get(0);
        assertEquals("cell-output", out.path("type").asText());
        assertEquals("stderr", out.path("stream").asText());
        assertEquals("2026-01-02T03:04:05Z", out.path("at").asText());
        assertTrue(out.has("host") && out.path("host").isNull());
        JsonNode fin = json.path("events").get(1);
        assertEquals("cell-finished", fin.path("type").asText());
        assertEquals("timed_out", fin.path("status").asText());
        assertTrue(fin.path("exitCode").isNull());
    }

    @Test
    void encode_replies() throws Exception {
        JsonNode error = plain.readTree(codec.encode(new Messages.ErrorReply("7", "no")));
        assertEquals("error", error.path("type").asText());
        assertEquals("7", error.path("replyTo").asText());
        JsonNode accepted = plain.readTree(codec.encode(new Messages.Accepted(null, "r")));
        assertEquals("accepted", accepted.path("type").asText());
        assertTrue(accepted.path("replyTo").isNull());
    }
}

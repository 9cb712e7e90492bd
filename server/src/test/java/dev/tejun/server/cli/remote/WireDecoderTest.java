package dev.tejun.server.cli.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.CellResult;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.HostStatus;
import dev.tejun.kernel.event.OutputGap;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.event.RunStarted;
import dev.tejun.kernel.event.Stream;
import dev.tejun.server.Json;
import dev.tejun.server.ws.MessageCodec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CLI reads events back through the wire records the server writes them with: what goes out comes back. */
class WireDecoderTest {

    private static final ObjectMapper JSON = Json.newMapper();
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00.123Z");

    @Test
    void decode_everyEventTheServerWrites_isTheEventAgain() {
        List<Event> events = List.of(
                new RunStarted(1, AT, "r", "book.md", List.of("a", "b"), "alice"),
                new CellStarted(2, AT, "r", "a", "sh", "echo hi"),
                new CellOutput(3, AT, "r", "a", Stream.STDERR, "web1", "oops\n"),
                new CellResult(4, AT, "r", "a", "text/plain", "42"),
                new HostStatus(5, AT, "r", "a", "web1", "ok", null),
                new CellFinished(6, AT, "r", "a", CellStatus.TIMED_OUT, null, 1500, "timed out"),
                new RunFinished(7, AT, "r", CellStatus.FAILED, "/data/evidence/r", null),
                new OutputGap(8, AT, null, null, 4096));
        for (Event e : events) {
            JsonNode wire = JSON.valueToTree(MessageCodec.wire(e));
            assertEquals(Optional.of(e), WireDecoder.decode(wire), wire.toString());
        }
    }

    @Test
    void decode_unknownTypeOrField_isSkippedNotFatal() throws Exception {
        assertEquals(Optional.empty(), WireDecoder.decode(JSON.readTree("{\"type\":\"cell-teleported\",\"seq\":1}")));
        Optional<Event> e = WireDecoder.decode(
                JSON.readTree("{\"type\":\"cell-output\",\"seq\":3,\"at\":\"2026-12-01T10:00:00.123Z\",\"runId\":\"r\","
                        + "\"cellId\":\"a\",\"stream\":\"stdout\",\"text\":\"hi\",\"colour\":\"green\"}"));
        assertEquals(Optional.of(new CellOutput(3, AT, "r", "a", Stream.STDOUT, null, "hi")), e);
    }
}

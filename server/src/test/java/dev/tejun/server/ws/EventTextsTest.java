package dev.tejun.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An {@code events} message put together from each event's kept JSON reads exactly as the codec's own encoding. */
class EventTextsTest {

    static final Instant AT = Instant.parse("2026-01-02T03:04:05.123Z");

    final MessageCodec codec = new MessageCodec(Json.newMapper());

    static List<Event> everyKind() {
        return List.of(
                new RunStarted(1, AT, "r1", "a.md", List.of("x", "y"), "alice"),
                new CellStarted(2, AT, "r1", "x", "sh", "echo \"hi\"\n"),
                new CellOutput(3, AT, "r1", "x", Stream.STDOUT, null, "hi \u00e9 \u2603\n"),
                new CellOutput(4, AT, "r1", "x", Stream.STDERR, "web1", "x".repeat(EventTexts.MAX_CHARS + 1)),
                new CellResult(5, AT, "r1", "x", "application/json", "{\"a\":1}"),
                new HostStatus(6, AT, "r1", "x", "web1", "ok", null),
                new CellFinished(7, AT, "r1", "x", CellStatus.OK, 0, 12, null),
                new OutputGap(8, AT, "r1", "x", 99),
                new RunFinished(9, AT, "r1", CellStatus.FAILED, "/e/r1", "boom"));
    }

    @Test
    void encodeEvents_everyKind_sameTextAsEncodingTheMessage() {
        List<Event> events = everyKind();
        assertEquals(codec.encode(codec.events(events)), codec.encodeEvents(events));
        assertEquals(codec.encode(codec.events(events)), codec.encodeEvents(events), "again, from what was kept");
        assertEquals(codec.encode(codec.events(List.of())), codec.encodeEvents(List.of()));
        assertEquals(codec.encode(codec.events(events.subList(2, 3))), codec.encodeEvents(events.subList(2, 3)));
    }

    @Test
    void json_sameEventForAnotherSocket_encodedOnce() {
        EventTexts texts = new EventTexts(Json.newMapper());
        Event small = everyKind().get(2);
        Event large = everyKind().get(3);
        assertSame(texts.json(small), texts.json(small), "the second socket gets the kept text");
        assertNotSame(texts.json(large), texts.json(large), "a large output is not kept");
        Event equalButAnother = new CellOutput(3, AT, "r1", "x", Stream.STDOUT, null, "hi \u00e9 \u2603\n");
        assertEquals(texts.json(small), texts.json(equalButAnother));
    }
}

package dev.tejun.server.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.Stream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionTest {

    @Test
    void split_cutsAtOutputSize_keepsOrderAndEveryEvent() {
        List<Event> events = new ArrayList<>();
        events.add(new CellStarted(1, Instant.EPOCH, "r", "c", "sh", "x"));
        String chunk = "x".repeat(Connection.MESSAGE_CHARS / 2 + 1);
        for (int seq = 2; seq <= 6; seq++) {
            events.add(new CellOutput(seq, Instant.EPOCH, "r", "c", Stream.STDOUT, null, chunk));
        }
        List<List<Event>> parts = Connection.split(events);
        assertEquals(5, parts.size(), "two chunks over half the limit never share a message");
        assertEquals(events, parts.stream().flatMap(List::stream).toList());
        assertEquals(List.of(events.get(0), events.get(1)), parts.getFirst());
    }

    @Test
    void split_smallBatch_oneMessage() {
        List<Event> events = List.of(
                new CellOutput(1, Instant.EPOCH, "r", "c", Stream.STDOUT, null, "a"),
                new CellOutput(2, Instant.EPOCH, "r", "c", Stream.STDERR, null, "b"));
        assertEquals(List.of(events), Connection.split(events));
    }
}

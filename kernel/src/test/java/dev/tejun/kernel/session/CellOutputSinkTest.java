package dev.tejun.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.Stream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CellOutputSinkTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-05T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void chunksSmallThenLargeThenSmall_withCharactersSplitBetweenThem_decodeToTheTextWritten() {
        EventLog log = new EventLog(clock);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        CellOutputSink sink =
                new CellOutputSink(log, (stream, host, data, off, len) -> raw.write(data, off, len), clock, "r1", "c1");
        // "€" is three bytes: chunk ends fall inside characters; the middle chunk is far past the sink's first buffer
        String text = "ok €\n" + "€ab".repeat(40_000) + "end €€\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ends = {2, 5, 6, 100_001, 100_002, bytes.length - 3, bytes.length - 1, bytes.length};
        int start = 0;
        for (int end : ends) {
            sink.write(Stream.STDOUT, null, bytes, start, end - start);
            start = end;
        }
        sink.flush();
        StringBuilder events = new StringBuilder();
        for (Event e : log.since(0, Integer.MAX_VALUE).events()) {
            if (e instanceof CellOutput out) {
                events.append(out.text());
            }
        }
        assertEquals(text, events.toString());
        assertEquals(text, raw.toString(StandardCharsets.UTF_8));
        assertEquals(text, sink.capturedStdout());
    }
}

package dev.tejun.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.OutputGap;
import dev.tejun.kernel.event.Stream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);

    private static CellOutput out(long seq, String text) {
        return new CellOutput(seq, Instant.EPOCH, "r", "c", Stream.STDOUT, null, text);
    }

    @Test
    void append_numbersEventsFromOne() {
        EventLog log = new EventLog(clock);
        assertEquals(1, log.append(seq -> out(seq, "a")).seq());
        assertEquals(2, log.append(seq -> out(seq, "b")).seq());
        assertEquals(2, log.lastSeq());
    }

    @Test
    void append_refusesEventWithWrongSeq() {
        EventLog log = new EventLog(clock);
        assertThrows(IllegalArgumentException.class, () -> log.append(seq -> out(seq + 5, "a")));
    }

    @Test
    void since_returnsOnlyLaterEventsInOrder() {
        EventLog log = new EventLog(clock);
        for (int i = 0; i < 10; i++) {
            String t = "line" + i;
            log.append(seq -> out(seq, t));
        }
        EventLog.Batch batch = log.since(6, 100);
        assertEquals(
                List.of(7L, 8L, 9L, 10L),
                batch.events().stream().map(Event::seq).toList());
        assertEquals(10, batch.lastSeq());
    }

    @Test
    void since_respectsMax() {
        EventLog log = new EventLog(clock);
        for (int i = 0; i < 10; i++) {
            log.append(seq -> out(seq, "x"));
        }
        EventLog.Batch batch = log.since(0, 3);
        assertEquals(3, batch.events().size());
        assertEquals(3, batch.lastSeq());
    }

    @Test
    void since_afterEviction_startsWithGap() {
        EventLog log = new EventLog(clock, 10, 1000);
        for (int i = 0; i < 6; i++) {
            log.append(seq -> out(seq, "abcd")); // 4 chars each; only the last 2 fit in 10
        }
        EventLog.Batch batch = log.since(0, 100);
        OutputGap gap = assertInstanceOf(OutputGap.class, batch.events().getFirst());
        assertEquals(4, gap.seq());
        assertEquals(
                List.of(5L, 6L), batch.events().stream().skip(1).map(Event::seq).toList());
    }

    @Test
    void since_afterEviction_gapCountsBytesNotCharacters() {
        EventLog log = new EventLog(clock, 10, 1000);
        for (int i = 0; i < 6; i++) {
            log.append(seq -> out(seq, "äö€x")); // 4 characters, 2 + 2 + 3 + 1 = 8 bytes; the last 2 kept
        }
        OutputGap fromStart =
                assertInstanceOf(OutputGap.class, log.since(0, 100).events().getFirst());
        assertEquals(4 * 8, fromStart.droppedBytes());
        OutputGap behind =
                assertInstanceOf(OutputGap.class, log.since(1, 100).events().getFirst());
        assertEquals(3 * 8, behind.droppedBytes());
    }

    @Test
    void since_readerFarBehindTheHistory_gapSaysUnknown() {
        EventLog log = new EventLog(clock, 10, 1000);
        for (int i = 0; i < EventLog.HISTORY + 10; i++) {
            log.append(seq -> out(seq, "abcd"));
        }
        assertEquals(
                -1,
                assertInstanceOf(OutputGap.class, log.since(1, 100).events().getFirst())
                        .droppedBytes());
        assertEquals(
                4L * (EventLog.HISTORY + 8),
                assertInstanceOf(OutputGap.class, log.since(0, 100).events().getFirst())
                        .droppedBytes());
    }

    @Test
    void since_upToDateReader_getsNoGapAfterEviction() {
        EventLog log = new EventLog(clock, 10, 1000);
        for (int i = 0; i < 6; i++) {
            log.append(seq -> out(seq, "abcd"));
        }
        assertTrue(log.since(6, 100).events().isEmpty());
        assertEquals(1, log.since(5, 100).events().size());
    }

    @Test
    void evict_byCountBoundsMemory() {
        EventLog log = new EventLog(clock, Long.MAX_VALUE, 5);
        for (int i = 0; i < 100; i++) {
            log.append(seq -> out(seq, ""));
        }
        assertEquals(6, log.since(0, 1000).events().size()); // a gap and the 5 kept
    }

    @Test
    void since_tailWrappedManyTimes_readsFromAnyPlaceInOrder() {
        EventLog log = new EventLog(clock, Long.MAX_VALUE, 100);
        for (int i = 1; i <= 1000; i++) {
            String t = "e" + i;
            log.append(seq -> out(seq, t));
        }
        assertEquals(
                List.of(951L, 952L, 953L),
                log.since(950, 3).events().stream().map(Event::seq).toList());
        assertEquals("e951", ((CellOutput) log.since(950, 1).events().getFirst()).text());
        EventLog.Batch fromStart = log.since(0, 1000);
        assertInstanceOf(OutputGap.class, fromStart.events().getFirst());
        assertEquals(
                java.util.stream.LongStream.rangeClosed(901, 1000).boxed().toList(),
                fromStart.events().stream().skip(1).map(Event::seq).toList());
        assertEquals(
                List.of(1000L),
                log.since(999, 10).events().stream().map(Event::seq).toList());
    }

    @Test
    void awaitAfter_wakesWhenEventArrives() throws Exception {
        EventLog log = new EventLog(clock);
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                return;
            }
            log.append(seq -> out(seq, "late"));
        });
        assertTrue(log.awaitAfter(0, 10, TimeUnit.SECONDS));
        t.join();
        assertFalse(log.awaitAfter(1, 10, TimeUnit.MILLISECONDS));
    }

    @Test
    void subscribe_seesEventsInOrderUntilClosed() throws Exception {
        EventLog log = new EventLog(clock);
        List<Long> seen = new ArrayList<>();
        AutoCloseable sub = log.subscribe(e -> seen.add(e.seq()));
        log.append(seq -> out(seq, "a"));
        log.append(seq -> out(seq, "b"));
        sub.close();
        log.append(seq -> out(seq, "c"));
        assertEquals(List.of(1L, 2L), seen);
    }
}

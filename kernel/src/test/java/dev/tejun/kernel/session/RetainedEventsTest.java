package dev.tejun.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.OutputGap;
import dev.tejun.kernel.event.Stream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Many sessions' tails together stay within one budget (the soak's live heap grew by 73 MB as fifty notebooks each
 * filled a 10,000-event tail), while a session alone keeps its own caps.
 */
class RetainedEventsTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-04T00:00:00Z"), ZoneOffset.UTC);
    private static final String KB = "x".repeat(1024);

    private static void fill(EventLog log, int events) {
        for (int i = 0; i < events; i++) {
            log.append(seq -> new CellOutput(seq, Instant.EPOCH, "r", "c", Stream.STDOUT, null, KB));
        }
    }

    @Test
    void append_manyLogsOverTheLimit_eachTrimsToItsShareAndTheSumStaysNearTheLimit() {
        RetainedEvents budget = new RetainedEvents(1L << 20);
        List<EventLog> logs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            logs.add(new EventLog(clock, 2L << 20, 10_000, budget));
        }
        for (int round = 0; round < 10; round++) {
            logs.forEach(log -> fill(log, 100));
        }
        // 8,000 events of ~1.1 KB were appended; each log's own caps would have kept all of them (8.8 MB)
        long share = Math.max(RetainedEvents.MIN_SHARE, (1L << 20) / 8);
        assertTrue(budget.used() <= (1L << 20) + 8 * 1200, "used " + budget.used());
        for (EventLog log : logs) {
            EventLog.Batch batch = log.since(0, 100_000);
            assertInstanceOf(OutputGap.class, batch.events().getFirst(), "a browser is told what was left out");
            assertTrue(
                    (batch.events().size() - 1) * 1120L <= share + 1200,
                    "kept " + batch.events().size());
            assertEquals(1000, batch.lastSeq());
        }
    }

    @Test
    void append_oneLogAloneUnderTheLimit_keepsItsWholeTail() {
        RetainedEvents budget = new RetainedEvents(16L << 20);
        EventLog log = new EventLog(clock, 2L << 20, 10_000, budget);
        fill(log, 1000);
        EventLog.Batch batch = log.since(0, 100_000);
        assertEquals(1000, batch.events().size());
        assertEquals(1L, batch.events().getFirst().seq());
    }

    @Test
    void close_givesTheWeightBackSoOthersKeepMore() {
        RetainedEvents budget = new RetainedEvents(1L << 20);
        EventLog big = new EventLog(clock, 2L << 20, 10_000, budget);
        fill(big, 900);
        assertTrue(budget.used() > 900 * 1024, "used " + budget.used());
        big.close();
        assertEquals(0, budget.used());
        EventLog next = new EventLog(clock, 2L << 20, 10_000, budget);
        fill(next, 900);
        assertEquals(900, next.since(0, 100_000).events().size(), "nothing trimmed: the closed log's tail is gone");
    }

    @Test
    void collectedWithoutClose_givesTheWeightBack() throws InterruptedException {
        RetainedEvents budget = new RetainedEvents(1L << 20);
        fillAndDrop(budget);
        assertTrue(budget.used() > 0);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (budget.used() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, budget.used(), "a session that was never closed must not shrink the others for good");
    }

    private void fillAndDrop(RetainedEvents budget) {
        fill(new EventLog(clock, 2L << 20, 10_000, budget), 200);
    }
}

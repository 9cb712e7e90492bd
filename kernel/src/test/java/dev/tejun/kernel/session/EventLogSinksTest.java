package dev.tejun.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.Stream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A sink (the evidence recorder writing a file) is called outside the log's lock: a reader is not held up while it
 * works, yet sees no event before every sink has it, and sinks still get events one at a time in seq order.
 */
class EventLogSinksTest {

    private static CellOutput out(long seq, String text) {
        return new CellOutput(seq, Instant.EPOCH, "r", "c", Stream.STDOUT, null, text);
    }

    // own threads: the common pool may have one, which the blocked appenders would take
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void append_sinkStillWorking_readersGoOnAndSeeOnlyWhatSinksHave() throws Exception {
        EventLog log = new EventLog(Clock.systemUTC());
        CountDownLatch inSink = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        List<Long> seen = new CopyOnWriteArrayList<>();
        log.subscribe(e -> {
            if (e.seq() == 2) {
                inSink.countDown();
                try {
                    letGo.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            seen.add(e.seq());
        });
        log.append(seq -> out(seq, "a"));
        CompletableFuture<Event> second =
                CompletableFuture.supplyAsync(() -> log.append(seq -> out(seq, "b")), threads);
        assertTrue(inSink.await(10, TimeUnit.SECONDS));
        CompletableFuture<Event> third = CompletableFuture.supplyAsync(() -> log.append(seq -> out(seq, "c")), threads);
        try {
            // the old log held its lock through the sinks: this read waited for the sink
            EventLog.Batch batch = CompletableFuture.supplyAsync(() -> log.since(0, 100), threads)
                    .get(5, TimeUnit.SECONDS);
            assertEquals(List.of(1L), batch.events().stream().map(Event::seq).toList(), "only what sinks have");
            assertEquals(1, log.lastSeq());
            assertEquals(false, log.awaitAfter(1, 50, TimeUnit.MILLISECONDS));
        } finally {
            letGo.countDown();
        }
        second.get(10, TimeUnit.SECONDS);
        third.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(1L, 2L, 3L), seen, "sinks in seq order");
        assertTrue(log.awaitAfter(2, 5, TimeUnit.SECONDS));
        assertEquals(
                List.of(1L, 2L, 3L),
                log.since(0, 100).events().stream().map(Event::seq).toList());
    }

    @Test
    void append_sinkThrows_laterEventsStillDelivered() {
        EventLog log = new EventLog(Clock.systemUTC());
        log.subscribe(e -> {
            if (e.seq() == 1) {
                throw new IllegalStateException("disk full");
            }
        });
        try {
            log.append(seq -> out(seq, "a"));
        } catch (IllegalStateException expected) {
            // the appender hears of it, as before
        }
        assertEquals(2, log.append(seq -> out(seq, "b")).seq());
        assertEquals(2, log.since(0, 10).events().size());
    }
}

package dev.tejun.server.runs.queue;

import dev.tejun.cmdb.db.Wakeups;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for queued runs to reach their end, whichever server runs them: one watcher thread per server, started on
 * first use, looks up every awaited run in one query when a row ends ({@code NOTIFY run_queue_end}) and at least
 * every few seconds. A schedule or an alert rule that queued a run waits here for it as it waited for its own
 * session before.
 */
final class QueueEnds implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueEnds.class);
    /** How often the awaited rows are read when no wake-up came (a lost listener connection, a missed send). */
    private static final Duration POLL = Duration.ofSeconds(2);

    private final RunQueue queue;
    private final Wakeups wakeups;
    private final Map<String, CompletableFuture<RunQueue.Ended>> awaited = new ConcurrentHashMap<>();
    private Wakeups.Signal signal;
    private Thread watcher;
    private volatile boolean closed;

    QueueEnds(RunQueue queue, Wakeups wakeups) {
        this.queue = queue;
        this.wakeups = wakeups;
    }

    /** Completes when run {@code runId} is done, interrupted or cancelled (at once when it is already). */
    CompletableFuture<RunQueue.Ended> of(String runId) {
        CompletableFuture<RunQueue.Ended> end = awaited.computeIfAbsent(runId, k -> new CompletableFuture<>());
        watch();
        look(List.of(runId)); // it may have ended before anybody waited: no wake-up would come for it
        return end;
    }

    private synchronized void watch() {
        if (watcher == null && !closed) {
            signal = wakeups.signal(RunQueue.ENDED_CHANNEL);
            watcher = Thread.ofVirtual().name("run-queue-ends").start(this::loop);
        }
    }

    private void loop() {
        while (!closed) {
            try {
                signal.await(POLL);
                if (!awaited.isEmpty()) {
                    look(List.copyOf(awaited.keySet()));
                }
            } catch (InterruptedException e) {
                return; // closed
            } catch (RuntimeException e) {
                LOG.warn("run queue: the ends of awaited runs could not be read: {}", e.toString());
            }
        }
    }

    private void look(List<String> runIds) {
        for (RunQueue.Ended e : queue.ended(runIds)) {
            CompletableFuture<RunQueue.Ended> end = awaited.remove(e.runId());
            if (end != null) {
                end.complete(e);
            }
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = watcher;
        }
        if (t != null) {
            t.interrupt();
        }
        awaited.values().forEach(f -> f.completeExceptionally(new CancellationException("the server stops")));
        awaited.clear();
    }
}

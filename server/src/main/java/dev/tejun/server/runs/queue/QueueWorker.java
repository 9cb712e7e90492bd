package dev.tejun.server.runs.queue;

import dev.tejun.cmdb.db.Wakeups;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's workers on the run queue: while fewer than {@code capacity} of the runs it took go on, it claims the
 * oldest queued run and starts it; it waits for a wake-up ({@code NOTIFY run_queue}, or a run of its own ending)
 * or a second. A run asked for through this server is tried here first ({@link #offer}), so a server with room
 * starts it before answering. Each round it also hands back what servers that died held ({@link RunQueue#release}).
 */
public final class QueueWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    /** Starts a claimed run in a session of this server; the future completes when it ended. */
    @FunctionalInterface
    public interface Launcher {
        CompletableFuture<?> launch(QueuedRun run) throws IOException;
    }

    private final RunQueue queue;
    private final String server;
    private final int capacity;
    private final Launcher launcher;
    /** The names of the servers alive now; null on SQLite, where this server is alone. */
    private final Supplier<Set<String>> alive;
    /** Told of each started run of a dead server that is now interrupted, to record it. */
    private final Consumer<RunQueue.Held> interrupted;

    private final AtomicInteger busy = new AtomicInteger();
    private final Wakeups.Signal signal;
    private final Thread thread;
    private volatile boolean closed;

    private QueueWorker(
            RunQueue queue,
            Wakeups wakeups,
            String server,
            int capacity,
            Launcher launcher,
            Supplier<Set<String>> alive,
            Consumer<RunQueue.Held> interrupted) {
        this.queue = queue;
        this.server = server;
        this.capacity = capacity;
        this.launcher = launcher;
        this.alive = alive;
        this.interrupted = interrupted;
        this.signal = wakeups.signal(RunQueue.CHANNEL);
        this.thread = Thread.ofPlatform().daemon().name("run-queue").unstarted(this::loop);
    }

    /**
     * Takes runs for {@code server}, at most {@code capacity} at once. What an earlier life of this server held is
     * released first (its claimed runs queued again, its started ones interrupted).
     */
    public static QueueWorker start(
            RunQueue queue,
            Wakeups wakeups,
            String server,
            int capacity,
            Launcher launcher,
            Supplier<Set<String>> alive,
            Consumer<RunQueue.Held> interrupted) {
        if (capacity < 1) {
            throw new IllegalArgumentException("runs.capacity must be at least 1, not " + capacity);
        }
        QueueWorker w = new QueueWorker(queue, wakeups, server, capacity, launcher, alive, interrupted);
        w.record(queue.release(List.of(server)));
        w.thread.start();
        return w;
    }

    /** The server's name in the queue's {@code claimed_by}. */
    public String server() {
        return server;
    }

    /** Runs {@code runId}, just queued through this server, here and now when there is room; else it waits. */
    public void offer(String runId) {
        if (closed || !reserve()) {
            return;
        }
        Optional<QueuedRun> run = queue.claim(runId, server);
        if (run.isEmpty()) {
            free();
            return;
        }
        run(run.get());
    }

    /**
     * Starts {@code run} here without a queue row, when the database would not take one (a full disk): as runs
     * started before the queue, its records are written once the database takes them again. False when full.
     */
    public boolean runUnqueued(QueuedRun run) throws IOException {
        if (closed || !reserve()) {
            return false;
        }
        CompletableFuture<?> done;
        try {
            done = launcher.launch(run);
        } catch (IOException | RuntimeException e) {
            free();
            throw e;
        }
        done.whenComplete((v, e) -> {
            free();
            pumpSoon();
        });
        return true;
    }

    private void loop() {
        while (!closed) {
            try {
                releaseDead();
                pump();
                signal.await(POLL);
            } catch (InterruptedException e) {
                return; // closed
            } catch (RuntimeException e) {
                // the database may be away a moment: the next round tries again
                LOG.warn("run queue of {}: {}", server, e.toString());
                sleepQuietly();
            }
        }
    }

    /** Claims and starts queued runs while this server has room. */
    private void pump() {
        while (!closed && reserve()) {
            Optional<QueuedRun> next = queue.claimNext(server);
            if (next.isEmpty()) {
                free();
                return;
            }
            run(next.get());
        }
    }

    /** Starts a run this server claimed, holding one of its places until the run ends. */
    private void run(QueuedRun run) {
        if (!queue.started(run.runId(), server)) {
            free(); // taken back meanwhile (this server was thought dead): another server has it
            return;
        }
        CompletableFuture<?> done;
        try {
            done = launcher.launch(run);
        } catch (Exception e) {
            LOG.warn("queued run {} of {} could not start: {}", run.runId(), run.runbook(), e.toString());
            ended(run);
            return;
        }
        done.whenComplete((v, e) -> ended(run));
    }

    private void ended(QueuedRun run) {
        try {
            queue.finished(run.runId(), server);
        } catch (RuntimeException e) {
            LOG.warn("run queue: the end of {} not recorded: {}", run.runId(), e.toString());
        } finally {
            free();
        }
        pumpSoon();
    }

    /** A place came free: take what waits now, not at the next poll (off the ending run's own thread). */
    private void pumpSoon() {
        Thread.ofVirtual().start(() -> {
            try {
                pump();
            } catch (RuntimeException e) {
                LOG.warn("run queue of {}: {}", server, e.toString());
            }
        });
    }

    private void releaseDead() {
        if (alive == null) {
            return;
        }
        Set<String> gone = new HashSet<>(queue.holders());
        gone.removeAll(alive.get());
        gone.remove(server);
        if (!gone.isEmpty()) {
            record(queue.release(gone));
        }
    }

    private void record(List<RunQueue.Held> runs) {
        if (!runs.isEmpty()) {
            LOG.warn("{} run(s) that had started on a server that is gone marked interrupted", runs.size());
        }
        runs.forEach(interrupted);
    }

    private boolean reserve() {
        while (true) {
            int now = busy.get();
            if (now >= capacity) {
                return false;
            }
            if (busy.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    private void free() {
        busy.decrementAndGet();
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops claiming; the runs it started are stopped by their sessions as the server stops. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

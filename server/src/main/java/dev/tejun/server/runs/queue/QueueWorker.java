package dev.tejun.server.runs.queue;

import dev.tejun.cmdb.db.Wakeups;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.kernel.session.RunGuard;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's workers on the run queue: while fewer than {@code capacity} of the runs it took go on, it claims the
 * oldest queued run and starts it; it waits for a wake-up ({@code NOTIFY run_queue}, or a run of its own ending)
 * or a second. A run asked for through this server is tried here first ({@link #offer}), so a server with room
 * starts it before answering. At most once a second it also hands back what servers that died held ({@link
 * RunQueue#release}) and lets go of runs the cluster took back from it: not at every wake-up, where those queries
 * stood between a queued run's NOTIFY and its claim.
 */
public final class QueueWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    /** Where claimed runs go: sessions of this server. */
    public interface Launcher {

        /**
         * Starts a claimed run in a session of this server, its session asking {@code claim} before the run and each
         * cell (whether this server still holds it); the future completes when it ended.
         */
        CompletableFuture<RunFinished> launch(QueuedRun run, RunGuard claim) throws IOException;

        /** Stops run {@code runId} at once: another server took it back while this one was thought dead. */
        void lost(String runId);
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
    /**
     * Whether a run may wait in the queue: set at every wake-up and poll, cleared by a claim that found none. A place
     * that comes free looks for one only while it is set: a claim is a write transaction, and after most runs' ends
     * (every one started here at once) nothing waits.
     */
    private final AtomicBoolean maybeQueued = new AtomicBoolean(true);
    /** The runs this server started that have not ended: each must still be its own in the queue. */
    private final Set<String> mine = ConcurrentHashMap.newKeySet();

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

    /**
     * Runs {@code run}, just asked for through this server, here and now when there is room: its queue row is
     * written as started here ({@link RunQueue#enqueueStarted}), so no other server is woken for it. Null when this
     * server is full (the caller queues it for whichever server frees a place first); else its end, or empty when it
     * could not start (its row says so). A database that takes no row throws, with the place given back.
     */
    public Optional<CompletableFuture<RunFinished>> startNew(QueuedRun run) {
        if (closed || !reserve()) {
            return null;
        }
        try {
            queue.enqueueStarted(run, server);
        } catch (RuntimeException e) {
            free();
            throw e;
        }
        return launched(run);
    }

    /**
     * Starts {@code run} here without a queue row, when the database would not take one (a full disk): as runs
     * started before the queue, its records are written once the database takes them again. Answers its end; empty
     * when full.
     */
    public Optional<CompletableFuture<RunFinished>> runUnqueued(QueuedRun run) throws IOException {
        if (closed || !reserve()) {
            return Optional.empty();
        }
        CompletableFuture<RunFinished> done;
        try {
            done = launcher.launch(run, RunGuard.NONE); // no row: nobody can take it back
        } catch (IOException | RuntimeException e) {
            free();
            throw e;
        }
        done.whenComplete((v, e) -> {
            free();
            pumpSoon();
        });
        return Optional.of(done);
    }

    private void loop() {
        long lastLook = System.nanoTime() - POLL.toNanos();
        while (!closed) {
            try {
                if (System.nanoTime() - lastLook >= POLL.toNanos()) {
                    releaseDead();
                    dropLost();
                    lastLook = System.nanoTime();
                }
                maybeQueued.set(true);
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
            maybeQueued.set(false); // before the claim: a wake-up during it sets it again
            Optional<QueuedRun> next = queue.claimNext(server);
            if (next.isEmpty()) {
                free();
                return;
            }
            maybeQueued.set(true); // there may be more
            run(next.get());
        }
    }

    /** Starts a run this server claimed, holding one of its places until the run ends; answers its end. */
    private Optional<CompletableFuture<RunFinished>> run(QueuedRun run) {
        if (!queue.started(run.runId(), server)) {
            free(); // taken back meanwhile (this server was thought dead): another server has it
            return Optional.empty();
        }
        return launched(run);
    }

    /** Hands {@code run}, started here in the queue, to a session, holding its place until it ends. */
    private Optional<CompletableFuture<RunFinished>> launched(QueuedRun run) {
        mine.add(run.runId());
        // alone on its database (alive is null) nobody takes a run back: no question per cell
        RunGuard claim = alive == null ? RunGuard.NONE : new ClaimGuard(() -> queue.holds(run.runId(), server));
        CompletableFuture<RunFinished> done;
        try {
            done = launcher.launch(run, claim);
        } catch (Exception e) {
            LOG.warn("queued run {} of {} could not start: {}", run.runId(), run.runbook(), e.toString());
            ended(run, null, "it could not start: " + e);
            return Optional.empty();
        }
        // not on the thread that completes it, the session's own: closing the ended session interrupts that thread,
        // and an interrupt in the middle of a JDBC call closes its connection (the end would not be recorded)
        done.whenCompleteAsync(
                (finished, e) -> ended(run, finished, e == null ? null : String.valueOf(e)),
                task -> Thread.ofVirtual().start(task));
        return Optional.of(done);
    }

    /** Records how {@code run} ended ({@code finished}, or null when it failed with {@code failure}). */
    private void ended(QueuedRun run, RunFinished finished, String failure) {
        mine.remove(run.runId()); // before its row says done: it is not taken for lost
        try {
            RunResult end = finished == null ? RunResult.notStarted(failure) : RunResult.of(run.runId(), finished);
            queue.finished(run.runId(), server, end.status(), end.message(), end.evidence());
        } catch (RuntimeException e) {
            LOG.warn("run queue: the end of {} not recorded: {}", run.runId(), e.toString());
        } finally {
            free();
        }
        pumpSoon();
    }

    /** A place came free: take what waits now, not at the next poll (off the ending run's own thread). */
    private void pumpSoon() {
        if (!maybeQueued.get()) {
            return;
        }
        Thread.ofVirtual().start(() -> {
            try {
                pump();
            } catch (RuntimeException e) {
                LOG.warn("run queue of {}: {}", server, e.toString());
            }
        });
    }

    /**
     * Stops the runs this server started that the queue no longer has as its own: another server marked them
     * interrupted while this one did not renew its lease (it paused longer than that). They must not go on here.
     */
    private void dropLost() {
        if (alive == null || mine.isEmpty()) {
            return;
        }
        // the runs are read before the rows: each was started in the queue before it was added, so a run left out
        // of the rows read after is no longer this server's (or ended, and is no longer in mine either)
        List<String> going = List.copyOf(mine);
        Set<String> held = queue.startedBy(server);
        for (String runId : going) {
            if (!held.contains(runId) && mine.remove(runId)) {
                LOG.warn(
                        "run {} was taken back by the cluster while {} did not renew its lease: stopped here",
                        runId,
                        server);
                launcher.lost(runId);
            }
        }
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

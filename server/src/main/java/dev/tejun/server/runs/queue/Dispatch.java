package dev.tejun.server.runs.queue;

import dev.tejun.cmdb.db.DatabaseException;
import dev.tejun.cmdb.db.Wakeups;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.server.ApiException;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The run queue as this server's run service sees it: a run asked for here is queued and, when this server has
 * room, started here at once; once the server {@link #serve serves}, its {@link QueueWorker} takes what waits. Until
 * then (the server is not listening yet) runs only queue.
 */
public final class Dispatch implements AutoCloseable {

    private final RunQueue queue;
    private final Wakeups wakeups;
    private final QueueEnds ends;
    private volatile QueueWorker worker;

    public Dispatch(RunQueue queue, Wakeups wakeups) {
        this.queue = queue;
        this.wakeups = wakeups;
        this.ends = new QueueEnds(queue, wakeups);
    }

    /**
     * Starts taking runs as {@code server}, at most {@code capacity} at once, through {@code launcher}; {@code alive}
     * names the living servers (null where this one is alone) and {@code interrupted} records each run that had
     * started on a server that died.
     */
    public void serve(
            String server,
            int capacity,
            QueueWorker.Launcher launcher,
            Supplier<Set<String>> alive,
            Consumer<RunQueue.Held> interrupted) {
        worker = QueueWorker.start(queue, wakeups, server, capacity, launcher, alive, interrupted);
    }

    /**
     * Starts {@code run} here when there is room (its queue row written as started here), else queues it for
     * whichever server frees a place first: answers its end when it started here (else {@link #end} tells it).
     * When the database takes no row (a full disk) and this server has room, the run starts here unqueued, as before
     * the queue; else a 503 says why.
     */
    public Optional<CompletableFuture<RunFinished>> submit(QueuedRun run) throws IOException {
        QueueWorker w = worker;
        try {
            Optional<CompletableFuture<RunFinished>> here = w == null ? null : w.startNew(run);
            if (here != null) {
                return here;
            }
            queue.enqueue(run, w == null ? "starting" : w.server());
        } catch (DatabaseException e) {
            Optional<CompletableFuture<RunFinished>> here = w == null ? Optional.empty() : w.runUnqueued(run);
            if (here.isPresent()) {
                return here;
            }
            throw new ApiException(503, "the run could not be queued (" + e.getMessage() + "); nothing was started");
        }
        return Optional.empty();
    }

    /** Completes when queued run {@code runId} is done, interrupted or cancelled, on whichever server. */
    public CompletableFuture<RunQueue.Ended> end(String runId) {
        return ends.of(runId);
    }

    /** Whether {@code server} (a queue row's holder) is this server. */
    public boolean isMine(String server) {
        QueueWorker w = worker;
        return w != null && w.server().equals(server);
    }

    /** The run as the queue has it; empty for a run that never went through it (a notebook's, a flow node's). */
    public Optional<RunQueue.Held> find(String runId) {
        return queue.find(runId);
    }

    /** The run's queue row; empty for a run that never went through the queue. */
    public Optional<RunQueue.Row> row(String runId) {
        return queue.row(runId);
    }

    /** Cancels a run that waits for a server; false when one took it meanwhile. */
    public boolean cancel(String runId) {
        return queue.cancel(runId);
    }

    /** How many runs wait for a server. */
    public long depth() {
        return queue.depth();
    }

    @Override
    public void close() {
        ends.close();
        QueueWorker w = worker;
        if (w != null) {
            w.close();
        }
    }
}

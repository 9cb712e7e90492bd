package dev.tejun.server.runs;

import dev.tejun.kernel.session.Session;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The runs this server executes now, whoever started them (a notebook, the API, a schedule, an alert rule), each
 * with the session whose event log holds its events, so any of them can be followed and stopped by run id. The
 * newest finished ones stay a while, so a reader that followed a run live reads its last events with the same seq
 * numbers rather than switching to the evidence replay mid-run.
 */
public final class LiveRuns {

    /** Finished runs kept (with their sessions' event logs) before only their evidence answers. */
    public static final int KEEP_FINISHED = 50;

    /**
     * One run and where it runs. {@code runbook} is the runbook's name in the folder; {@code requires} the roles its
     * front matter required when the run was queued (null when it could not be read), which a stop needs.
     */
    public record LiveRun(
            String runId,
            String runbook,
            String user,
            String via,
            List<String> requires,
            Session session,
            Session.RunHandle handle) {

        public LiveRun {
            Objects.requireNonNull(runId);
            Objects.requireNonNull(session);
            Objects.requireNonNull(handle);
        }

        public boolean finished() {
            return handle.finished().isDone();
        }

        /** True when this run executes now; false while it is still queued behind another run of its session. */
        public boolean active() {
            return runId.equals(session.snapshot().activeRunId());
        }
    }

    private final Map<String, LiveRun> runs = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<String> finishedOrder = new ConcurrentLinkedDeque<>();

    /** Readers waiting for a run to be handed to a session here ({@link #await}), by run id. */
    private final Map<String, CompletableFuture<LiveRun>> awaited = new ConcurrentHashMap<>();

    void add(LiveRun run) {
        runs.put(run.runId(), run);
        CompletableFuture<LiveRun> waiting = awaited.remove(run.runId());
        if (waiting != null) {
            waiting.complete(run);
        }
    }

    /**
     * The run once this server executes it, waiting up to {@code wait} for it to be handed to a session (a queued
     * run a reader follows): the reader wakes when it is, not at the end of its wait. Empty when it is not by then.
     */
    Optional<LiveRun> await(String runId, Duration wait) throws InterruptedException {
        Optional<LiveRun> now = find(runId);
        if (now.isPresent() || wait.isZero() || runId == null) {
            return now;
        }
        CompletableFuture<LiveRun> waiting = awaited.computeIfAbsent(runId, id -> new CompletableFuture<>());
        now = find(runId); // added before the wait was registered
        if (now.isPresent()) {
            awaited.remove(runId, waiting);
            return now;
        }
        try {
            return Optional.of(waiting.get(wait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException | ExecutionException e) {
            awaited.remove(runId, waiting); // another reader of the same run then waits out its own time
            return find(runId);
        }
    }

    /** Called when a run's end is recorded: it stays findable among the newest {@link #KEEP_FINISHED} finished. */
    void ended(String runId) {
        finishedOrder.addLast(runId);
        while (finishedOrder.size() > KEEP_FINISHED) {
            String old = finishedOrder.pollFirst();
            if (old != null) {
                runs.remove(old);
            }
        }
    }

    /** The ids of the runs that have not ended. */
    public java.util.Collection<String> going() {
        return runs.values().stream()
                .filter(r -> !r.finished())
                .map(LiveRun::runId)
                .toList();
    }

    /** The runs that have not ended. */
    List<LiveRun> goingRuns() {
        return runs.values().stream().filter(r -> !r.finished()).toList();
    }

    public Optional<LiveRun> find(String runId) {
        return runId == null ? Optional.empty() : Optional.ofNullable(runs.get(runId));
    }
}

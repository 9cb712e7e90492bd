package dev.tejun.server.runs;

import dev.tejun.kernel.session.Session;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

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

    void add(LiveRun run) {
        runs.put(run.runId(), run);
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

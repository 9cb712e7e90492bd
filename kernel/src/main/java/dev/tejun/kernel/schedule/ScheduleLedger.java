package dev.tejun.kernel.schedule;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where the scheduler keeps what must survive a restart: each schedule's cursor (every fire time up to it has been
 * handled, so downtime is detected as fire times after it) and the history of fires, skips and results.
 */
public interface ScheduleLedger {

    Optional<Instant> cursor(String scheduleId);

    void advance(String scheduleId, Instant cursor);

    /** A run begins; returns a handle for {@link #finished}. */
    long started(String scheduleId, Instant fireTime, Instant at, String note);

    void finished(long entry, Instant at, RunResult result);

    /**
     * Claims {@code fireTime} of the schedule for this process: false when another process sharing the ledger (a
     * server beside this one on one database) claimed it first, so a schedule fires once however many tick it.
     */
    default boolean claim(String scheduleId, Instant fireTime) {
        return true;
    }

    /**
     * Whether a run of the schedule that another process sharing the ledger (a server beside this one) started is
     * still going: a fire time is then skipped, as when this process's own previous run still goes.
     */
    default boolean goingElsewhere(String scheduleId) {
        return false;
    }

    /** A fire time that did not run, and why. */
    void skipped(String scheduleId, Instant fireTime, Instant at, String reason);

    /** A fire time waiting for its maintenance window to open (issue 23 §1): it runs at {@code until}. */
    record Deferral(Instant fireTime, Instant until, String reason) {}

    /** Keeps {@code deferral} of schedule {@code scheduleId} (one per schedule), so a restart arms it again. */
    default void defer(String scheduleId, Deferral deferral) {}

    /** The deferral of {@code scheduleId} ran, or was given up. */
    default void undefer(String scheduleId) {}

    /** The deferrals kept, by schedule id: what a scheduler starting up arms again. */
    default Map<String, Deferral> deferrals() {
        return Map.of();
    }
}

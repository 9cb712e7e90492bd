package dev.tejun.kernel.schedule;

import java.time.Instant;
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

    /** A fire time that did not run, and why. */
    void skipped(String scheduleId, Instant fireTime, Instant at, String reason);
}

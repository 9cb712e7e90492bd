package dev.tejun.kernel.alert;

import dev.tejun.kernel.schedule.RunResult;
import java.time.Instant;
import java.util.function.Supplier;

/** Where every received event, its decision and each run attempt is recorded (the server's SQLite table). */
public interface EventLedger {

    /** Returns the event's id, which links its decision and runs. */
    long received(AlertEvent event, Instant at);

    void decided(long eventId, Decision decision, Instant at);

    /**
     * The event's {@link Fingerprint}, and the event it relates to: for a resolved event the firing one it resolves,
     * for a duplicate the one whose run acted; null for none.
     */
    default void identified(long eventId, String fingerprint, Long related) {}

    /**
     * Runs {@code work}, which records an event and its decision through this ledger and the open alerts, as one
     * unit: the server's store makes it one transaction (one commit per event instead of one per record, and an
     * event is never stored half-decided). By default it just runs.
     */
    default <T> T together(Supplier<T> work) {
        return work.get();
    }

    /**
     * Attempt {@code attempt} of the chosen run started as run {@code runId} (a flow instance id, a queued run's id)
     * and goes on without a worker: its end is recorded by {@link #attempted}. A restarted server follows that run
     * to its end instead of counting the attempt as cut off. By default nothing is kept.
     */
    default void launched(long eventId, int attempt, String runId, Instant at) {}

    /** One attempt of the chosen run ended; {@code attempt} counts from 1 (retries are 2, 3, …). */
    void attempted(long eventId, int attempt, RunResult result, Instant at);
}

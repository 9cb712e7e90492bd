package dev.tejun.kernel.alert;

import java.time.Instant;

/**
 * The alerts that are firing now, by {@link Fingerprint}: what makes an alert re-sent every {@code repeat_interval}
 * a duplicate rather than a new problem, and what a {@code resolved} event is matched to. The server keeps them in
 * the database, so a restart forgets neither; {@link #inMemory()} is for tests and dry tools.
 */
public interface OpenAlerts {

    /**
     * An alert still firing: its first event and the event whose run acted on it (null when nothing ran yet).
     */
    record Open(long firstEvent, Long actedEvent) {}

    /**
     * A firing event arrived: when its alert was already firing, answers it as it was (and counts the repeat);
     * otherwise opens it with {@code eventId} as its first event and answers null.
     */
    Open firing(String fingerprint, long eventId, Instant at);

    /** A run was chosen for the alert's event {@code eventId}: later repeats are duplicates of it. */
    void acted(String fingerprint, long eventId);

    /** A resolved event arrived: closes the alert and answers its first firing event, or null when none was open. */
    Long resolved(String fingerprint, long eventId, Instant at);

    static OpenAlerts inMemory() {
        return new MemoryOpenAlerts();
    }
}

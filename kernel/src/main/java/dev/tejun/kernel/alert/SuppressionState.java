package dev.tejun.kernel.alert;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@link Triage} remembers per rule and matched key: when runs were admitted (for "at most N runs per
 * interval") and until when the key is quiet after a failure. The server keeps it in SQLite so a restart does not
 * reset suppression; {@link #inMemory()} is for tests and dry tools.
 */
public interface SuppressionState {

    /** Admitted runs of this rule and key after {@code from}, oldest first; older ones may be forgotten. */
    List<Instant> runsAfter(String rule, String key, Instant from);

    void ran(String rule, String key, Instant at);

    Optional<Instant> quietUntil(String rule, String key);

    void quiet(String rule, String key, Instant until);

    /** The values a correlating rule's window {@code key} collected after {@code from}, oldest first. */
    List<String> seen(String rule, String key, Instant from);

    void saw(String rule, String key, String value, Instant at);

    /** The window acted: it starts empty again. */
    void forget(String rule, String key);

    /**
     * Runs {@code decision} (which reads the counts and then records a run) so that no other process sharing this
     * state decides meanwhile: several servers on one database count one limit. In memory the caller's own lock
     * is enough.
     */
    default <T> T exclusively(Supplier<T> decision) {
        return decision.get();
    }

    static SuppressionState inMemory() {
        return new MemorySuppression();
    }
}

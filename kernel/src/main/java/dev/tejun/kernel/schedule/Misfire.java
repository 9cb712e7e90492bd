package dev.tejun.kernel.schedule;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a schedule does about fire times it missed while the server was down (or more than the grace period late).
 * {@code SKIP} is the default because the typical scheduled runbook belongs to a window (a patch at 03:00 should
 * not start at 10:00 because the server came back then); health checks and refreshes choose {@code RUN_ONCE}.
 */
public enum Misfire {
    /** Run once now for all the missed fire times together. */
    RUN_ONCE,
    /** Record the missed fire times as skipped and wait for the next one. */
    SKIP;

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Misfire parse(String key) {
        if (key == null || key.isBlank()) {
            return SKIP;
        }
        return Arrays.stream(values())
                .filter(m -> m.key().equals(key.strip()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("misfire must be run-once or skip, not '" + key + "'"));
    }
}

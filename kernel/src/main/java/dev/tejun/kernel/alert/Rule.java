package dev.tejun.kernel.alert;

import dev.tejun.kernel.schedule.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One rule of a {@code rules/*.yaml} file.
 *
 * @param id      {@code FILE#NAME}, unique in the folder; suppression counts are kept per id and key
 * @param status  {@code firing}, {@code resolved} or {@code any}
 * @param params  param name to template ({@code ${labels.instance}})
 * @param limit   at most so many runs per interval per key; null for no limit
 * @param retry   how often a failed run is tried again; never null ({@link Retry#NONE})
 * @param quietAfterFailure after a run (with its retries) fails, further matches for the same key are
 *                suppressed this long; {@link Duration#ZERO} for none
 * @param repeat  whether a firing alert that is re-sent while still open runs again (false: it is a duplicate)
 */
public record Rule(
        String id,
        String status,
        List<Condition> when,
        Target target,
        Map<String, String> params,
        Limit limit,
        Retry retry,
        Duration quietAfterFailure,
        boolean repeat) {

    public Rule {
        when = List.copyOf(when);
        params = Map.copyOf(params);
        retry = retry == null ? Retry.NONE : retry;
        quietAfterFailure = quietAfterFailure == null ? Duration.ZERO : quietAfterFailure;
    }

    /** {@code field} equals {@code equals}, or (when {@code regex} is set) the whole value matches it. */
    public record Condition(String field, String equals, Pattern regex) {
        public boolean test(AlertEvent event) {
            return event.value(field)
                    .map(v -> regex != null ? regex.matcher(v).matches() : v.equals(equals))
                    .orElse(false);
        }
    }

    /** @param key template naming what is counted separately, e.g. {@code ${labels.instance}}; "" counts per rule */
    public record Limit(int runs, Duration per, String key) {}

    public record Retry(int times, Duration interval) {
        public static final Retry NONE = new Retry(0, Duration.ZERO);
    }

    public boolean matches(AlertEvent event) {
        return (status.equals("any") || status.equals(event.status()))
                && when.stream().allMatch(c -> c.test(event));
    }
}

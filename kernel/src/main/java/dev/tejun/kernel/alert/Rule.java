package dev.tejun.kernel.alert;

import dev.tejun.kernel.schedule.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
 * @param correlate the rule acts only once enough matching events came within a window; null for at once
 * @param repeat  whether a firing alert that is re-sent while still open runs again (false: it is a duplicate)
 * @param actionLimit at most so many runs of this rule's target per interval, counting the runs any rule made of
 *                it (an action's own rate limit); null for none
 * @param hold    whether a match waits for an approver ({@link Decision.Held}) instead of running at once
 * @param without the rule acts only when no cancelling event came shortly before ("A without B"); null for always
 * @param followedBy the rule acts only when no cancelling event comes within a time after it ("A not followed by
 *                B"): a match {@link Decision.Waiting waits} that long first; null for at once
 * @param hit     its rule set's hit policy: whether the first matching rule decides or every matching one does
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
        Correlate correlate,
        boolean repeat,
        Limit actionLimit,
        boolean hold,
        Without without,
        Without followedBy,
        Hit hit,
        boolean ignore,
        boolean tell) {

    /** What a rule without {@code run:} ({@code ignore: true}, or only {@code notify: true}) names as its target. */
    public static final String NO_TARGET = "(runs nothing)";

    public Rule {
        hit = hit == null ? Hit.FIRST : hit;
        when = List.copyOf(when);
        params = Map.copyOf(params);
        retry = retry == null ? Retry.NONE : retry;
        quietAfterFailure = quietAfterFailure == null ? Duration.ZERO : quietAfterFailure;
    }

    /** Whether a match runs something: false for {@code ignore: true} and for a rule that only notifies. */
    public boolean runs() {
        return !ignore && !target.name().equals(NO_TARGET);
    }

    /** One condition column of the rule's row: the event (arriving at {@code at}) passes it or not. */
    @FunctionalInterface
    public interface Condition {
        boolean test(AlertEvent event, Instant at);
    }

    /** @param key template naming what is counted separately, e.g. {@code ${labels.instance}}; "" counts per rule */
    public record Limit(int runs, Duration per, String key) {}

    /**
     * "{@code count} events within {@code within}, per {@code by}": the matching events are collected per window
     * key; when the {@code count}th distinct value of {@code collect} arrives the rule acts once, with the values
     * (comma-separated) as {@code fields.correlated}, and the window starts again. Kept in the suppression state, so a
     * restart loses no window.
     *
     * @param by      template of the window's key, e.g. {@code ${labels.group}}; "" for one window per rule
     * @param collect template of what is counted, e.g. {@code ${labels.instance}}; "" counts distinct alerts
     */
    public record Correlate(int count, Duration within, String by, String collect) {
        public static final String FIELD = "correlated";
    }

    /**
     * "A without B": a match is {@link Decision.Suppressed} when an event passing {@code when} (B) with the same
     * {@code by} came within {@code within} before it. B is noted whatever rule decides it, in the suppression state,
     * so a restart forgets no B.
     *
     * @param by template of what must be the same, e.g. {@code ${labels.host}}; "" for any B at all
     */
    public record Without(List<Condition> when, Duration within, String by) {
        public Without {
            when = List.copyOf(when);
        }
    }

    /**
     * A rule set's hit policy (a decision table's, as DMN names them): {@code FIRST}, the first matching rule decides
     * the event; {@code ALL}, every matching rule of the set decides it (each acts on its own: limits, holds, runs).
     * Either way the first set with a matching rule decides, so later sets see nothing of that event.
     */
    public enum Hit {
        FIRST,
        ALL;

        /** The policy {@code word} names ({@code first} or {@code all}); null for another word. */
        public static Hit of(String word) {
            return switch (word) {
                case "first" -> FIRST;
                case "all" -> ALL;
                default -> null;
            };
        }
    }

    /** The rule file it comes from ({@code rules/ops.yaml}): the part of its id before {@code #}. */
    public String file() {
        int hash = id.indexOf('#');
        return hash < 0 ? id : id.substring(0, hash);
    }

    public record Retry(int times, Duration interval) {
        public static final Retry NONE = new Retry(0, Duration.ZERO);
    }

    /** Whether the event, arriving at {@code at}, has the rule's status and passes every condition. */
    public boolean matches(AlertEvent event, Instant at) {
        return (status.equals("any") || status.equals(event.status()))
                && when.stream().allMatch(c -> c.test(event, at));
    }
}

package dev.tejun.kernel.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decides events against the rules and keeps the suppression state: when each rule and key last ran (for
 * "at most N runs per interval") and until when a key is quiet after a failure. The state lives in memory; after
 * a restart the limits start afresh, which errs toward running a remedy rather than suppressing it.
 */
public final class Triage {

    private final Supplier<List<Rule>> rules;
    private final Clock clock;
    private final Map<String, Deque<Instant>> runs = new HashMap<>();
    private final Map<String, Instant> quietUntil = new HashMap<>();

    public Triage(Supplier<List<Rule>> rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
    }

    /** What would happen to {@code event} now; changes nothing (the dry run). */
    public synchronized Decision decide(AlertEvent event) {
        return decide(event, clock.instant());
    }

    /** Decides and, for a run, counts it against its limit at once, so two events at the same time cannot both pass. */
    public synchronized Decision admit(AlertEvent event) {
        Instant now = clock.instant();
        Decision d = decide(event, now);
        if (d instanceof Decision.Run run) {
            runs.computeIfAbsent(slot(run.rule(), run.key()), k -> new ArrayDeque<>()).addLast(now);
        }
        return d;
    }

    /** A run (with its retries) failed: the rule and key go quiet for the rule's quiet period. */
    public synchronized void failed(Rule rule, String key) {
        if (!rule.quietAfterFailure().isZero()) {
            quietUntil.put(slot(rule, key), clock.instant().plus(rule.quietAfterFailure()));
        }
    }

    private Decision decide(AlertEvent event, Instant now) {
        for (Rule rule : rules.get()) {
            if (!rule.matches(event)) {
                continue;
            }
            String key;
            Map<String, String> params = new LinkedHashMap<>();
            try {
                key = rule.limit() == null ? "" : EventTemplate.expand(rule.limit().key(), event);
                rule.params().forEach((name, template) -> params.put(name, EventTemplate.expand(template, event)));
            } catch (IllegalArgumentException e) {
                return new Decision.Refused(rule, e.getMessage());
            }
            String slot = slot(rule, key);
            Instant quiet = quietUntil.get(slot);
            if (quiet != null && now.isBefore(quiet)) {
                return new Decision.Suppressed(rule, key, "quiet after a failure until " + quiet);
            }
            if (rule.limit() != null) {
                Deque<Instant> times = runs.getOrDefault(slot, new ArrayDeque<>());
                Instant from = now.minus(rule.limit().per());
                times.removeIf(t -> !t.isAfter(from));
                if (times.size() >= rule.limit().runs()) {
                    return new Decision.Suppressed(rule, key, "limit of " + rule.limit().runs() + " run(s) per "
                            + rule.limit().per() + (key.isEmpty() ? "" : " for " + key) + " reached");
                }
            }
            return new Decision.Run(rule, key, rule.target(), params);
        }
        return new Decision.NoMatch();
    }

    private static String slot(Rule rule, String key) {
        return rule.id() + "\u0000" + key;
    }
}

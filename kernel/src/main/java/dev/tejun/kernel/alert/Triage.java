package dev.tejun.kernel.alert;

import dev.tejun.kernel.schedule.Target;
import dev.tejun.kernel.template.Template;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decides events against the rules and keeps the suppression state: when each rule and key last ran (for
 * "at most N runs per interval") and until when a key is quiet after a failure, in a {@link SuppressionState}
 * (the server's is SQLite, so a restart does not reset suppression).
 */
public final class Triage {

    /** The suppression state's rule id under which every run of a target is counted, for action limits. */
    static final String ACTION = "action:";

    /** The suppression state's rule id prefix under which the cancelling events of a "without" rule are noted. */
    static final String WITHOUT = "without:";

    /** The prefix under which the cancelling events of an "unless-followed-by" rule are noted. */
    static final String FOLLOWED = "followed:";

    /** Why a match of an {@code ignore: true} rule ran nothing. */
    public static final String IGNORED = "ignored: the rule says ignore: true (a known event that needs nothing)";

    /** Why a match of a rule that only says {@code notify: true} ran nothing. */
    public static final String NOTIFIED = "told: the rule says notify: true and runs nothing";

    private final Supplier<List<Rule>> rules;
    private final Clock clock;
    private final SuppressionState state;
    private final RuleGate gate;
    private volatile CircuitBreaker breaker;
    private volatile RuleStages stages = RuleStages.ALL_PRODUCTION;

    /** With the state in memory only. */
    public Triage(Supplier<List<Rule>> rules, Clock clock, RuleGate gate) {
        this(rules, clock, SuppressionState.inMemory(), gate);
    }

    /** @param gate whether a matched rule may run and as whom (the server's: only once activated) */
    public Triage(Supplier<List<Rule>> rules, Clock clock, SuppressionState state, RuleGate gate) {
        this.rules = rules;
        this.clock = clock;
        this.state = state;
        this.gate = gate;
    }

    /** Every run chosen from now on passes {@code b} too (null: none). */
    public Triage breaker(CircuitBreaker b) {
        this.breaker = b;
        return this;
    }

    /** Rule sets are tried by their stage from now on: drafts not at all, staging ones without running. */
    public Triage stages(RuleStages s) {
        this.stages = s;
        return this;
    }

    /** Whether {@code rule} may run now and as whom, for a run tried again after a restart. */
    public RuleGate.Verdict gate(Rule rule) {
        return gate.check(rule);
    }

    /** What would happen to {@code event} now; changes nothing (the dry run). */
    public synchronized Decision decide(AlertEvent event) {
        return decideAll(event).getFirst();
    }

    /**
     * What would happen to {@code event} now, one decision per rule that decides it (several only for a rule set
     * with {@code hit: all}); changes nothing.
     */
    public synchronized List<Decision> decideAll(AlertEvent event) {
        return decide(event, clock.instant(), false);
    }

    /** Decides and, for a run, counts it against its limit at once, so two events at the same time cannot both pass. */
    public synchronized Decision admit(AlertEvent event) {
        return admitAll(event).getFirst();
    }

    /**
     * As {@link #admit}, with every decision: one per rule of a {@code hit: all} set that matched, each counted
     * before the next is decided (so two rules of one set share an action limit as two events would).
     */
    public synchronized List<Decision> admitAll(AlertEvent event) {
        // exclusively: a server beside this one on the same database must not count the same limit meanwhile
        return state.exclusively(() -> decide(event, clock.instant(), true));
    }

    /** A run admitted now: counted against its limits, or suppressed while the breaker is open. */
    private Decision counted(Decision d, Instant now) {
        if (d instanceof Decision.Run run) {
            String open = breaker == null ? null : breaker.admit(now);
            if (open != null) {
                return new Decision.Suppressed(run.rule(), run.key(), open);
            }
            state.ran(run.rule().id(), run.key(), now);
            state.ran(ACTION + run.rule().target().name(), "", now);
        }
        return d;
    }

    /**
     * A waiting match's time is up: it runs (counted against its limits, as the rule's activation allows now) unless a
     * cancelling event with the same key came since it matched.
     */
    public synchronized Decision expired(Decision.Waiting w) {
        return state.exclusively(() -> {
            Instant now = clock.instant();
            Rule rule = w.rule();
            // a B at the very instant A came counts: it did not come before A
            if (!state.seen(FOLLOWED + rule.id(), w.by(), w.since().minusNanos(1))
                    .isEmpty()) {
                return new Decision.Suppressed(
                        rule,
                        w.key(),
                        "followed by a cancelling event within "
                                + rule.followedBy().within() + (w.by().isEmpty() ? "" : " for " + w.by()));
            }
            RuleGate.Verdict verdict = gate.check(rule);
            if (!verdict.allowed()) {
                return new Decision.Inactive(rule, verdict.refusal());
            }
            return counted(
                    new Decision.Run(
                            rule, w.key(), new Target(rule.target().name(), verdict.pin()), w.params(), verdict.as()),
                    now);
        });
    }

    /**
     * The waiting match {@code event} (received at {@code since}) made of {@code rule}, made again after a restart;
     * empty when the rule no longer waits or the event no longer fills its values.
     */
    public java.util.Optional<Decision.Waiting> waiting(Rule rule, AlertEvent event, Instant since) {
        if (rule.followedBy() == null) {
            return java.util.Optional.empty();
        }
        try {
            Map<String, String> params = new LinkedHashMap<>();
            rule.params().forEach((name, template) -> params.put(name, expand(template, event)));
            String key = rule.limit() == null ? "" : expand(rule.limit().key(), event);
            return java.util.Optional.of(new Decision.Waiting(
                    rule,
                    key,
                    params,
                    expand(rule.followedBy().by(), event),
                    since,
                    since.plus(rule.followedBy().within())));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** A run (with its retries) failed: the rule and key go quiet for the rule's quiet period. */
    public synchronized void failed(Rule rule, String key) {
        if (!rule.quietAfterFailure().isZero()) {
            state.quiet(rule.id(), key, clock.instant().plus(rule.quietAfterFailure()));
        }
    }

    /** A rule's template with the event's fields put in as they are: the result is a param, a value. */
    private static String expand(String template, AlertEvent event) {
        try {
            return Template.EVENTS.fill(template, event::value);
        } catch (Template.Unresolved e) {
            throw new IllegalArgumentException("the event has no value for " + e.written());
        }
    }

    /**
     * Notes {@code event} for every production rule it cancels ("A without B" or "A not followed by B": this is a B),
     * whatever rule decides it; one row per rule and key, its time the latest B's.
     */
    private void noteCancelling(List<Rule> rules, AlertEvent event, Instant now) {
        for (Rule rule : rules) {
            noteCancelling(FOLLOWED, rule, rule.followedBy(), event, now);
            noteCancelling(WITHOUT, rule, rule.without(), event, now);
        }
    }

    private void noteCancelling(String prefix, Rule rule, Rule.Without w, AlertEvent event, Instant now) {
        if (w == null
                || stages.of(rule) != RuleStages.Stage.PRODUCTION
                || !w.when().stream().allMatch(c -> c.test(event, now))) {
            return;
        }
        try {
            state.saw(prefix + rule.id(), expand(w.by(), event), "seen", now);
        } catch (IllegalArgumentException e) {
            // a B without the value the rule compares by cancels no A
        }
    }

    /**
     * The first rule that matches decides; in a {@code hit: all} set every matching rule of that set does, and the
     * sets after it are not tried.
     *
     * @param admitting whether this event counts (a correlating rule's window keeps it, a run its limit) or is only
     *     looked at
     */
    private List<Decision> decide(AlertEvent event, Instant now, boolean admitting) {
        List<Rule> current = rules.get();
        if (admitting) {
            noteCancelling(current, event, now);
        }
        List<Decision> all = new java.util.ArrayList<>();
        String deciding = null; // the file of the hit-all set that matched
        for (Rule rule : current) {
            if (deciding != null && !rule.file().equals(deciding)) {
                break;
            }
            RuleStages.Stage stage = stages.of(rule);
            if (stage == RuleStages.Stage.DRAFT || !rule.matches(event, now)) {
                continue;
            }
            Decision d = decide(rule, stage, event, now, admitting);
            if (admitting && stage != RuleStages.Stage.STAGING) {
                d = counted(d, now);
            }
            if (rule.hit() != Rule.Hit.ALL) {
                return List.of(d);
            }
            all.add(d);
            deciding = rule.file();
        }
        return all.isEmpty() ? List.of(new Decision.NoMatch()) : List.copyOf(all);
    }

    /** What {@code rule}, which matches {@code event}, decides about it. */
    private Decision decide(Rule rule, RuleStages.Stage stage, AlertEvent event, Instant now, boolean admitting) {
        if (!rule.runs()) {
            // a known event that needs nothing, or only telling: recorded as handled by this rule, never unhandled
            return new Decision.Suppressed(rule, null, rule.ignore() ? IGNORED : NOTIFIED);
        }
        // a staged rule only shows what it would do: it changes no window or limit, and needs no activation
        boolean staged = stage == RuleStages.Stage.STAGING;
        boolean counting = admitting && !staged;
        // the first matching rule decides, so an inactive one runs nothing rather than letting a later one run
        RuleGate.Verdict verdict = staged ? null : gate.check(rule);
        if (verdict != null && !verdict.allowed()) {
            return new Decision.Inactive(rule, verdict.refusal());
        }
        String key;
        Map<String, String> params = new LinkedHashMap<>();
        String window = null;
        try {
            AlertEvent acting = event;
            if (rule.correlate() != null) {
                Rule.Correlate c = rule.correlate();
                window = expand(c.by(), event);
                String value = c.collect().isEmpty() ? Fingerprint.of(event) : expand(c.collect(), event);
                java.util.Set<String> values =
                        new java.util.LinkedHashSet<>(state.seen(rule.id(), window, now.minus(c.within())));
                values.add(value);
                if (counting) {
                    state.saw(rule.id(), window, value, now);
                }
                if (values.size() < c.count()) {
                    return new Decision.Correlating(rule, window, values.size(), c.count());
                }
                acting = acting.withField(Rule.Correlate.FIELD, String.join(",", values));
            }
            AlertEvent filled = acting;
            key = rule.limit() == null ? "" : expand(rule.limit().key(), filled);
            rule.params().forEach((name, template) -> params.put(name, expand(template, filled)));
        } catch (IllegalArgumentException e) {
            return new Decision.Refused(rule, e.getMessage());
        }
        if (rule.without() != null) {
            Rule.Without w = rule.without();
            String k;
            try {
                k = expand(w.by(), event);
            } catch (IllegalArgumentException e) {
                return new Decision.Refused(rule, e.getMessage());
            }
            if (!state.seen(WITHOUT + rule.id(), k, now.minus(w.within())).isEmpty()) {
                return new Decision.Suppressed(
                        rule, key, "a cancelling event came within " + w.within() + (k.isEmpty() ? "" : " for " + k));
            }
        }
        Instant quiet = state.quietUntil(rule.id(), key).orElse(null);
        if (quiet != null && now.isBefore(quiet)) {
            return new Decision.Suppressed(rule, key, "quiet after a failure until " + quiet);
        }
        if (rule.limit() != null) {
            List<Instant> times =
                    state.runsAfter(rule.id(), key, now.minus(rule.limit().per()));
            if (times.size() >= rule.limit().runs()) {
                return new Decision.Suppressed(
                        rule,
                        key,
                        "limit of " + rule.limit().runs() + " run(s) per "
                                + rule.limit().per() + (key.isEmpty() ? "" : " for " + key) + " reached");
            }
        }
        Rule.Limit action = rule.actionLimit();
        if (action != null
                && state.runsAfter(ACTION + rule.target().name(), "", now.minus(action.per()))
                                .size()
                        >= action.runs()) {
            return new Decision.Suppressed(
                    rule,
                    key,
                    "action " + rule.target().name() + " may run " + action.runs() + " time(s) per " + action.per()
                            + "; that many ran already");
        }
        if (staged) {
            return new Decision.Staged(rule, key, params);
        }
        if (rule.followedBy() != null) {
            try {
                String by = expand(rule.followedBy().by(), event);
                return new Decision.Waiting(
                        rule, key, params, by, now, now.plus(rule.followedBy().within()));
            } catch (IllegalArgumentException e) {
                return new Decision.Refused(rule, e.getMessage());
            }
        }
        if (rule.hold()) {
            return new Decision.Held(rule, key, params);
        }
        if (counting && window != null) {
            state.forget(rule.id(), window); // the window acted: the next events start a new one
        }
        return new Decision.Run(rule, key, new Target(rule.target().name(), verdict.pin()), params, verdict.as());
    }
}

package dev.tejun.kernel.alert;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A draft rule set tried on recorded events: each event is decided by the draft as if it arrived when it did (its
 * limits, correlation windows and time windows counted from a fresh state, in the order the events came), and the
 * answer is set beside what the active rules decided then. Nothing is run and nothing recorded; every rule counts
 * as activated, since the question is what the rules say, not who may run them.
 */
public final class Replay {

    /** An event from the ledger with what was decided for it when it came. */
    public record Recorded(long id, Instant at, AlertEvent event, String decision, String rule) {}

    /** What the draft would decide for one recorded event. */
    public record Result(long id, Instant at, String was, String wasRule, String would, String wouldRule) {
        public boolean changed() {
            return !was.equals(would) || !java.util.Objects.equals(wasRule, wouldRule);
        }
    }

    /** Every result, and how many events the draft decides each way against how they were decided. */
    public record Report(List<Result> results, Map<String, Integer> was, Map<String, Integer> would, int changed) {}

    private Replay() {}

    public static Report run(List<Rule> draft, List<Recorded> events) {
        MovableClock clock = new MovableClock();
        Triage triage = new Triage(() -> draft, clock, SuppressionState.inMemory(), RuleGate.ALL_AS_EVENTS);
        OpenAlerts open = OpenAlerts.inMemory();
        List<Result> results = new ArrayList<>(events.size());
        Map<String, Integer> was = new LinkedHashMap<>();
        Map<String, Integer> would = new LinkedHashMap<>();
        int changed = 0;
        for (Recorded r : events) {
            if (r.event().fields().containsKey(AlertDispatcher.MATCH_OF)) {
                was.merge(r.decision(), 1, Integer::sum); // a further match of an event already replayed
                continue;
            }
            clock.at = r.at();
            List<Decision> ds =
                    Dedupe.decide(triage, open, r.id(), r.event(), r.at()).decisions();
            Decision d = ds.getFirst();
            String rule = ruleOf(d);
            Result result = new Result(r.id(), r.at(), r.decision(), r.rule(), d.kind(), rule);
            results.add(result);
            was.merge(r.decision(), 1, Integer::sum);
            ds.forEach(each -> would.merge(each.kind(), 1, Integer::sum));
            if (result.changed()) {
                changed++;
            }
        }
        return new Report(results, was, would, changed);
    }

    private static String ruleOf(Decision d) {
        return switch (d) {
            case Decision.NoMatch n -> null;
            case Decision.Run x -> x.rule().id();
            case Decision.Suppressed x -> x.rule().id();
            case Decision.Refused x -> x.rule().id();
            case Decision.Inactive x -> x.rule().id();
            case Decision.Duplicate x -> x.rule().id();
            case Decision.Correlating x -> x.rule().id();
            case Decision.Staged x -> x.rule().id();
            case Decision.Held x -> x.rule().id();
            case Decision.Waiting x -> x.rule().id();
        };
    }

    /** The time of the event being replayed. */
    private static final class MovableClock extends Clock {
        private Instant at = Instant.EPOCH;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return at;
        }
    }
}

package dev.tejun.kernel.alert;

import dev.tejun.kernel.schedule.ServiceIdentity;
import dev.tejun.kernel.schedule.Target;
import java.time.Instant;
import java.util.Map;

/** What a rule set makes of one event; the same for a real event and a dry run. */
public sealed interface Decision {

    String kind();

    /** No rule matched; nothing runs. */
    record NoMatch() implements Decision {
        public String kind() {
            return "no-match";
        }
    }

    /** A rule matched but its limit or quiet period holds the run back. */
    record Suppressed(Rule rule, String key, String reason) implements Decision {
        public String kind() {
            return "suppressed";
        }
    }

    /**
     * A rule matched a firing event whose alert is still open and was acted on already ({@code ofEvent}, the event
     * whose run acted): the alert was re-sent, not raised again, and the rule does not say {@code repeat: true}.
     */
    record Duplicate(Rule rule, long ofEvent) implements Decision {
        public String kind() {
            return "duplicate";
        }
    }

    /**
     * A correlating rule matched, but its window ({@code key}) holds only {@code have} of the {@code need} events it
     * waits for; this one is kept in the window, nothing runs yet.
     */
    record Correlating(Rule rule, String key, int have, int need) implements Decision {
        public String kind() {
            return "correlating";
        }
    }

    /** A rule matched but its params cannot be filled from this event. */
    record Refused(Rule rule, String reason) implements Decision {
        public String kind() {
            return "refused";
        }
    }

    /**
     * A rule matched but it may not run: it was never activated, or a file changed since (see {@link RuleGate}).
     */
    record Inactive(Rule rule, String reason) implements Decision {
        public String kind() {
            return "inactive";
        }
    }

    /**
     * A rule of a set in staging matched: this is what would run ({@code params} filled as for a run), recorded so the
     * set can be judged before it is promoted; nothing runs.
     */
    record Staged(Rule rule, String key, Map<String, String> params) implements Decision {
        public Staged {
            params = Map.copyOf(params);
        }

        public String kind() {
            return "would-run";
        }
    }

    /**
     * A rule that says {@code hold: true} matched: this would run, and waits for an approver to release it; nothing
     * runs until then (and nothing if nobody does).
     */
    record Held(Rule rule, String key, Map<String, String> params) implements Decision {
        public Held {
            params = Map.copyOf(params);
        }

        public String kind() {
            return "held";
        }
    }

    /**
     * A rule that says {@code unless-followed-by} matched: this runs at {@code until} unless a cancelling event with
     * the same {@code by} comes after {@code since} (the matching event's time) and before then.
     */
    record Waiting(Rule rule, String key, Map<String, String> params, String by, Instant since, Instant until)
            implements Decision {
        public Waiting {
            params = Map.copyOf(params);
        }

        public String kind() {
            return "waiting";
        }
    }

    /**
     * A rule matched: this runs (or would, in a dry run) as {@code as}, over the files {@code target} is pinned to.
     */
    record Run(Rule rule, String key, Target target, Map<String, String> params, ServiceIdentity as)
            implements Decision {
        public Run {
            params = Map.copyOf(params);
        }

        public String kind() {
            return "run";
        }
    }
}

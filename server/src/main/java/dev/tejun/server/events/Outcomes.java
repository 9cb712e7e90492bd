package dev.tejun.server.events;

import dev.tejun.kernel.alert.AlertEvent;
import dev.tejun.kernel.alert.Decision;
import dev.tejun.kernel.alert.Rule;
import dev.tejun.server.events.EventService.Outcome;

/** What a POST of events answers for each decision: the rule, its target and params, and why nothing ran. */
final class Outcomes {

    private Outcomes() {}

    /** The answer for event {@code id} (null in a dry run) decided {@code d}. */
    static Outcome of(Long id, AlertEvent e, Decision d) {
        return switch (d) {
            case Decision.NoMatch n ->
                new Outcome(id, e.status(), e.labels(), d.kind(), null, null, null, null, "no rule matched");
            case Decision.Suppressed s -> notRun(id, e, d, s.rule(), s.key(), s.reason());
            case Decision.Correlating cor ->
                notRun(
                        id,
                        e,
                        d,
                        cor.rule(),
                        cor.key(),
                        cor.have() + " of " + cor.need() + " events within "
                                + cor.rule().correlate().within());
            case Decision.Duplicate dup ->
                notRun(
                        id,
                        e,
                        d,
                        dup.rule(),
                        null,
                        "the alert is still open; event " + dup.ofEvent() + " already ran it");
            case Decision.Refused r -> notRun(id, e, d, r.rule(), null, r.reason());
            case Decision.Inactive r -> notRun(id, e, d, r.rule(), null, r.reason());
            case Decision.Held h ->
                new Outcome(
                        id,
                        e.status(),
                        e.labels(),
                        d.kind(),
                        h.rule().id(),
                        h.key(),
                        h.rule().target().name(),
                        h.params(),
                        EventService.HELD);
            case Decision.Waiting w ->
                new Outcome(
                        id,
                        e.status(),
                        e.labels(),
                        d.kind(),
                        w.rule().id(),
                        w.key(),
                        w.rule().target().name(),
                        w.params(),
                        "runs at " + w.until() + " unless a cancelling event comes first");
            case Decision.Staged st ->
                new Outcome(
                        id,
                        e.status(),
                        e.labels(),
                        d.kind(),
                        st.rule().id(),
                        st.key(),
                        st.rule().target().name(),
                        st.params(),
                        EventService.STAGED);
            case Decision.Run r ->
                new Outcome(
                        id,
                        e.status(),
                        e.labels(),
                        d.kind(),
                        r.rule().id(),
                        r.key(),
                        r.target().name(),
                        r.params(),
                        null);
        };
    }

    /** A rule matched but its target did not run: the rule, its target, and why not. */
    private static Outcome notRun(Long id, AlertEvent e, Decision d, Rule rule, String key, String reason) {
        return new Outcome(
                id,
                e.status(),
                e.labels(),
                d.kind(),
                rule.id(),
                key,
                rule.target().name(),
                null,
                reason);
    }
}

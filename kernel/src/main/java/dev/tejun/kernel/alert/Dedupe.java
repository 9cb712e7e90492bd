package dev.tejun.kernel.alert;

import java.time.Instant;
import java.util.List;

/**
 * Decides one event with its alert's history (the dispatcher's and a replay's way alike): a firing alert re-sent
 * while open, whose earlier event already ran something, is a {@link Decision.Duplicate} unless the matching rule
 * says {@code repeat}; a resolved one ends the open alert and is linked to its first firing event. Only events that
 * carry an identity ({@code fields.fingerprint}: the source's, or one made from a source's key fields) are tracked;
 * Callers hold a
 * lock, so two copies of one alert cannot both run.
 */
final class Dedupe {

    /**
     * The decisions (one, or one per matching rule of a {@code hit: all} set), the event's fingerprint and the event
     * it relates to (null for none).
     */
    record Outcome(List<Decision> decisions, String fingerprint, Long related) {
        Outcome {
            decisions = List.copyOf(decisions);
        }

        Decision decision() {
            return decisions.getFirst();
        }
    }

    private Dedupe() {}

    static Outcome decide(Triage triage, OpenAlerts open, long id, AlertEvent event, Instant now) {
        String fingerprint = Fingerprint.of(event);
        String own = event.fields().get("fingerprint");
        if (own == null || own.isBlank()) {
            // without the source's identity each event is an occurrence of its own, as before de-duplication
            return new Outcome(triage.admitAll(event), fingerprint, null);
        }
        if (event.status().equals(AlertEvent.RESOLVED)) {
            Long firing = open.resolved(fingerprint, id, now);
            return new Outcome(triage.admitAll(event), fingerprint, firing);
        }
        OpenAlerts.Open was = open.firing(fingerprint, id, now);
        if (was != null
                && was.actedEvent() != null
                && triage.decide(event) instanceof Decision.Run run
                && !run.rule().repeat()) {
            return new Outcome(
                    List.of(new Decision.Duplicate(run.rule(), was.actedEvent())), fingerprint, was.actedEvent());
        }
        List<Decision> d = triage.admitAll(event);
        if (d.stream().anyMatch(Decision.Run.class::isInstance)) {
            open.acted(fingerprint, id);
        }
        return new Outcome(d, fingerprint, was == null ? null : was.firstEvent());
    }
}

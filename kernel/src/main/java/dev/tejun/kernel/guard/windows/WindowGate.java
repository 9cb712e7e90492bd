package dev.tejun.kernel.guard.windows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a run that obeys some calendars may start at an instant, and if not, the next time it may. An
 * unknown calendar name closes the gate (a freeze whose file was renamed must not silently stop applying);
 * {@code tejun check} reports such names before they get this far.
 */
public final class WindowGate {

    /** Steps through consecutive windows before giving up on finding an allowed time. */
    private static final int STEPS = 1000;

    /** A window holding the instant asked about. */
    public record Active(String calendar, String type, Instant until) {}

    /** The next window to start after the instant asked about. */
    public record Next(String calendar, String type, Instant start) {}

    /**
     * The decision, with what a notebook shows: the windows active now and the next one to start.
     *
     * @param open        whether a run may start now
     * @param reason      why not (null when open)
     * @param nextAllowed the first time a run may start (now when open; null when never, as far as the calendars go)
     */
    public record Verdict(boolean open, String reason, Instant nextAllowed, List<Active> active, Next next) {
        public Verdict {
            active = List.copyOf(active);
        }
    }

    private WindowGate() {}

    public static Verdict decide(WindowRules rules, Map<String, MaintenanceCalendar> calendars, Instant now) {
        if (!rules.any()) {
            return new Verdict(true, null, now, List.of(), null);
        }
        List<String> missing =
                rules.names().stream().filter(n -> !calendars.containsKey(n)).toList();
        List<MaintenanceCalendar> named = rules.names().stream()
                .filter(calendars::containsKey)
                .map(calendars::get)
                .distinct()
                .toList();
        List<Active> active = new ArrayList<>();
        for (MaintenanceCalendar c : named) {
            c.activeUntil(now)
                    .ifPresent(u -> active.add(new Active(c.name(), c.kind().key(), u)));
        }
        Next next = named.stream()
                .flatMap(c ->
                        c.nextStart(now).map(s -> new Next(c.name(), c.kind().key(), s)).stream())
                .min(Comparator.comparing(Next::start))
                .orElse(null);
        if (!missing.isEmpty()) {
            return new Verdict(
                    false,
                    "unknown calendar " + String.join(", ", missing) + " (no calendars/" + missing.getFirst()
                            + ".yaml): runs are refused until it exists or the front matter stops naming it",
                    null,
                    active,
                    next);
        }
        List<MaintenanceCalendar> allows = named.stream()
                .filter(c -> c.kind() == MaintenanceCalendar.Kind.ALLOW)
                .toList();
        List<MaintenanceCalendar> blocks = named.stream()
                .filter(c -> c.kind() == MaintenanceCalendar.Kind.BLOCK)
                .toList();
        String reason = null;
        Instant t = now;
        for (int i = 0; i < STEPS; i++) {
            Instant at = t;
            Optional<MaintenanceCalendar> freeze = blocks.stream()
                    .filter(c -> c.activeUntil(at).isPresent())
                    .max(Comparator.comparing(c -> c.activeUntil(at).orElseThrow()));
            if (freeze.isPresent()) {
                Instant end = freeze.get().activeUntil(at).orElseThrow();
                reason = reason != null
                        ? reason
                        : "inside freeze " + freeze.get().name() + " until " + end;
                t = end;
                continue;
            }
            boolean inAllow = allows.isEmpty()
                    || allows.stream().anyMatch(c -> c.activeUntil(at).isPresent());
            if (inAllow) {
                return new Verdict(t.equals(now), reason, t, active, next);
            }
            reason = reason != null
                    ? reason
                    : "outside the maintenance windows "
                            + String.join(
                                    ", ",
                                    allows.stream()
                                            .map(MaintenanceCalendar::name)
                                            .toList());
            Optional<Instant> opens = allows.stream()
                    .map(c -> c.nextStart(at))
                    .flatMap(Optional::stream)
                    .min(Instant::compareTo);
            if (opens.isEmpty()) {
                break;
            }
            t = opens.get();
        }
        return new Verdict(false, reason + "; no allowed time ahead", null, active, next);
    }
}

package dev.tejun.kernel.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The global stop for event-driven runs: when more than {@code runs} runs were chosen within {@code per}, whatever
 * their rules, the breaker opens, tells someone ({@code onOpen}) and every further run is suppressed until a person
 * closes it. Its count and its open state are kept in the {@link SuppressionState} (the server's is in the
 * database), so a restart neither forgets the count nor closes it.
 */
public final class CircuitBreaker {

    static final String SLOT = "(circuit-breaker)";
    private static final Instant UNTIL_CLOSED = Instant.parse("9999-12-31T00:00:00Z");
    private static final Pattern SPEC = Pattern.compile("(\\d+)\\s*/\\s*(\\S+)");

    private final int runs;
    private final Duration per;
    private final SuppressionState state;
    private final Consumer<String> onOpen;

    public CircuitBreaker(int runs, Duration per, SuppressionState state, Consumer<String> onOpen) {
        if (runs < 1 || per.isZero() || per.isNegative()) {
            throw new IllegalArgumentException("a circuit breaker needs at least 1 run per a positive interval");
        }
        this.runs = runs;
        this.per = per;
        this.state = state;
        this.onOpen = onOpen;
    }

    /** {@code RUNS/INTERVAL} such as {@code 30/10m}. */
    public static CircuitBreaker parse(String spec, SuppressionState state, Consumer<String> onOpen) {
        Matcher m = SPEC.matcher(spec.strip());
        List<String> errors = new java.util.ArrayList<>();
        Duration per = m.matches() ? RuleFiles.duration(m.group(2), "the circuit breaker's interval", errors) : null;
        if (per == null || !errors.isEmpty()) {
            throw new IllegalArgumentException(
                    "circuit breaker '" + spec + "' is not RUNS/INTERVAL such as 30/10m" + errors);
        }
        return new CircuitBreaker(Integer.parseInt(m.group(1)), per, state, onOpen);
    }

    /** Null when a run may go now (and counts it); else why not. Callers hold a lock. */
    String admit(Instant now) {
        Optional<String> open = open(now);
        if (open.isPresent()) {
            return open.get();
        }
        if (state.runsAfter(SLOT, "", now.minus(per)).size() >= runs) {
            state.quiet(SLOT, "", UNTIL_CLOSED);
            String why = "circuit breaker opened at " + now + ": more than " + runs + " event runs within " + per
                    + "; nothing runs until a person closes it";
            onOpen.accept(why);
            return why;
        }
        state.ran(SLOT, "", now);
        return null;
    }

    /** Why nothing runs, while the breaker is open. */
    public Optional<String> open(Instant now) {
        Optional<Instant> until = state.quietUntil(SLOT, "");
        return until.isPresent() && now.isBefore(until.get())
                ? Optional.of("circuit breaker open: more than " + runs + " event runs within " + per
                        + "; nothing runs until a person closes it")
                : Optional.empty();
    }

    /** A person closed it: runs go again, counted from now. */
    public void close(Instant now) {
        state.quiet(SLOT, "", now);
        state.runsAfter(SLOT, "", now); // forgets the runs that opened it
    }
}

package dev.tejun.kernel.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** More than N runs in M minutes, whatever the rules: stop, tell someone, wait for a person. */
class CircuitBreakerTest {

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-30T00:00:00Z"));
    private final SuppressionState state = SuppressionState.inMemory();
    private final List<String> told = new ArrayList<>();
    private final CircuitBreaker breaker = CircuitBreaker.parse("3/10m", state, told::add);
    private final Triage triage = new Triage(
                    () -> RuleFiles.parse("rules/r.yaml", "rules:\n  - name: any\n    run: a.md\n")
                            .rules(),
                    clock,
                    state,
                    RuleGate.ALL_AS_EVENTS)
            .breaker(breaker);

    private Decision event(String host) {
        clock.advance(Duration.ofSeconds(30));
        return triage.admit(new AlertEvent("t", "firing", Map.of("host", host), Map.of(), Map.of()));
    }

    @Test
    void admit_moreRunsThanAllowed_opensTellsAndHoldsUntilClosed() {
        for (String h : List.of("a", "b", "c")) {
            assertInstanceOf(Decision.Run.class, event(h));
        }
        Decision.Suppressed fourth = assertInstanceOf(Decision.Suppressed.class, event("d"));
        assertTrue(fourth.reason().startsWith("circuit breaker opened at"), fourth.reason());
        assertEquals(1, told.size());
        // open stays open, even after the interval: a person must close it
        clock.advance(Duration.ofHours(2));
        assertInstanceOf(Decision.Suppressed.class, event("e"));
        assertEquals(1, told.size());
        assertTrue(breaker.open(clock.instant()).isPresent());

        breaker.close(clock.instant());

        assertInstanceOf(Decision.Run.class, event("f"));
    }

    @Test
    void admit_runsSpreadOutMoreThanTheInterval_neverOpens() {
        for (int i = 0; i < 10; i++) {
            assertInstanceOf(Decision.Run.class, event("h" + i));
            clock.advance(Duration.ofMinutes(4));
        }
        assertEquals(List.of(), told);
    }

    @Test
    void parse_badSpec_refused() {
        assertThrows(IllegalArgumentException.class, () -> CircuitBreaker.parse("lots", state, told::add));
        assertThrows(IllegalArgumentException.class, () -> CircuitBreaker.parse("0/10m", state, told::add));
        assertThrows(IllegalArgumentException.class, () -> CircuitBreaker.parse("5/soon", state, told::add));
    }
}

package dev.tejun.kernel.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "A without B": a NodeDown acts only when no NodeUp for the same host came in the ten minutes before it. */
class WithoutTest {

    private static final String RULES = """
            rules:
              - name: fence
                when: { labels.alertname: NodeDown }
                without: { when: { labels.alertname: NodeUp }, within: 10m, by: "${labels.host}" }
                run: fence.md
                params: { host: "${labels.host}" }
            """;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final SuppressionState state = SuppressionState.inMemory();

    private Triage triage() {
        return new Triage(() -> RuleFiles.parse("rules/r.yaml", RULES).rules(), clock, state, RuleGate.ALL_AS_EVENTS);
    }

    private static AlertEvent event(String alertname, String host) {
        return new AlertEvent("am", "firing", Map.of("alertname", alertname, "host", host), Map.of(), Map.of());
    }

    @Test
    void admit_noCancellingEventBefore_runs() {
        assertInstanceOf(Decision.Run.class, triage().admit(event("NodeDown", "n1")));
    }

    @Test
    void admit_cancellingEventForTheSameHostWithinTheWindow_suppressed() {
        Triage triage = triage();
        assertInstanceOf(Decision.NoMatch.class, triage.admit(event("NodeUp", "n1")));
        clock.advance(Duration.ofMinutes(9));

        Decision d = triage.admit(event("NodeDown", "n1"));

        Decision.Suppressed s = assertInstanceOf(Decision.Suppressed.class, d);
        assertTrue(s.reason().contains("cancelling event came within PT10M for n1"), s.reason());
        // another host's NodeUp cancels nothing
        assertInstanceOf(Decision.Run.class, triage.admit(event("NodeDown", "n2")));
    }

    @Test
    void admit_cancellingEventOlderThanTheWindow_runs() {
        Triage triage = triage();
        triage.admit(event("NodeUp", "n1"));
        clock.advance(Duration.ofMinutes(11));

        assertInstanceOf(Decision.Run.class, triage.admit(event("NodeDown", "n1")));
    }

    @Test
    void decide_dryRunOfACancellingEvent_notesNothing() {
        Triage triage = triage();
        triage.decide(event("NodeUp", "n1"));

        assertInstanceOf(Decision.Run.class, triage.admit(event("NodeDown", "n1")));
    }

    @Test
    void parse_withoutMissingWhenOrBadWithin_problemsNamed() {
        RuleFiles.Parsed p = RuleFiles.parse("rules/r.yaml", """
                rules:
                  - name: a
                    run: a.md
                    without: { within: 10m }
                  - name: b
                    run: b.md
                    without: { when: { labels.alertname: Up }, within: soon, by: "${nope}" }
                """);

        assertEquals(0, p.rules().size());
        String all = p.problems().toString();
        assertTrue(all.contains("a: without must be a mapping with the cancelling event's when"), all);
        assertTrue(all.contains("b: without.within 'soon' is not a duration"), all);
        assertTrue(all.contains("unknown reference"), all);
    }
}

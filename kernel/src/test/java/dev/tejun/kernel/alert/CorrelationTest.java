package dev.tejun.kernel.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "3 × NodeDown for hosts of the same group within 5 min" acts once, with the list of hosts. */
class CorrelationTest {

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-30T00:00:00Z"));
    private final SuppressionState state = SuppressionState.inMemory();
    private final Triage triage =
            new Triage(() -> RuleFiles.parse("rules/r.yaml", """
                            rules:
                              - name: evacuate
                                when: { labels.alertname: NodeDown }
                                correlate: { count: 3, within: 5m, by: "${labels.group}", collect: "${labels.host}" }
                                run: evacuate.md
                                params: { group: "${labels.group}", hosts: "${fields.correlated}" }
                            """).rules(), clock, state, RuleGate.ALL_AS_EVENTS);

    private static AlertEvent down(String host, String group) {
        return new AlertEvent(
                "am", "firing", Map.of("alertname", "NodeDown", "host", host, "group", group), Map.of(), Map.of());
    }

    @Test
    void admit_thirdHostOfAGroupWithinTheWindow_runsOnceWithTheHosts() {
        Decision.Correlating first = assertInstanceOf(Decision.Correlating.class, triage.admit(down("n1", "a")));
        assertEquals(1, first.have());
        clock.advance(Duration.ofMinutes(1));
        assertInstanceOf(Decision.Correlating.class, triage.admit(down("n2", "a")));
        // the same host again and another group's host do not make three
        assertEquals(2, ((Decision.Correlating) triage.admit(down("n2", "a"))).have());
        assertEquals(1, ((Decision.Correlating) triage.admit(down("m1", "b"))).have());
        // a dry run shows the window would act, and keeps nothing
        assertInstanceOf(Decision.Run.class, triage.decide(down("n3", "a")));

        Decision.Run run = assertInstanceOf(Decision.Run.class, triage.admit(down("n3", "a")));

        assertEquals(Map.of("group", "a", "hosts", "n1,n2,n3"), run.params());
        // the window starts again
        assertEquals(1, ((Decision.Correlating) triage.admit(down("n4", "a"))).have());
    }

    @Test
    void admit_eventsFurtherApartThanTheWindow_neverAct() {
        triage.admit(down("n1", "a"));
        clock.advance(Duration.ofMinutes(3));
        triage.admit(down("n2", "a"));
        clock.advance(Duration.ofMinutes(3)); // n1 left the window
        Decision d = triage.admit(down("n3", "a"));
        assertEquals(2, assertInstanceOf(Decision.Correlating.class, d).have());
        assertTrue(state.seen("rules/r.yaml#evacuate", "a", clock.instant().minus(Duration.ofMinutes(5)))
                .containsAll(java.util.List.of("n2", "n3")));
    }

    @Test
    void parse_badCorrelate_reported() {
        RuleFiles.Parsed p = RuleFiles.parse("rules/r.yaml", """
                rules:
                  - name: x
                    correlate: { count: 1, within: soon, by: "${labels.g", colour: red }
                    run: a.md
                """);
        String all = p.problems().toString();
        assertTrue(all.contains("correlate.count must be 2..1000"), all);
        assertTrue(all.contains("correlate.within 'soon' is not a duration"), all);
        assertTrue(all.contains("unknown key 'colour'"), all);
    }
}

package dev.tejun.kernel.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.schedule.ServiceIdentity;
import dev.tejun.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriageTest {

    private static final String RULES = """
            rules:
              - name: restart
                when:
                  labels.alertname: InstanceDown
                  labels.instance: { regex: "web-\\\\d+:9100" }
                run: ops/restart.md
                params: { host: "${labels.instance}", why: "${annotations.summary}" }
                limit: { runs: 2, per: 10m, key: "${labels.instance}" }
                quiet-after-failure: 15m
              - name: resolved-note
                status: resolved
                run: ops/note.md
            """;

    private final FakeClock clock = new FakeClock(Instant.parse("2025-06-02T00:00:00Z"));
    private final Triage triage =
            new Triage(() -> RuleFiles.parse("rules/a.yaml", RULES).rules(), clock, RuleGate.ALL_AS_EVENTS);

    private static AlertEvent down(String instance, String status) {
        return new AlertEvent(
                "alertmanager",
                status,
                Map.of("alertname", "InstanceDown", "instance", instance),
                Map.of("summary", instance + " is down"),
                Map.of());
    }

    @Test
    void parse_sampleRules_noProblems() {
        RuleFiles.Parsed p = RuleFiles.parse("rules/a.yaml", RULES);
        assertEquals(List.of(), p.problems());
        assertEquals(2, p.rules().size());
    }

    @Test
    void decide_firingMatch_runsWithParamsFromEvent() {
        Decision.Run run = assertInstanceOf(Decision.Run.class, triage.decide(down("web-1:9100", "firing")));
        assertEquals("ops/restart.md", run.target().name());
        assertEquals(Map.of("host", "web-1:9100", "why", "web-1:9100 is down"), run.params());
        assertEquals("web-1:9100", run.key());
    }

    @Test
    void admit_gateRefusesRule_inactiveWithWhyNotCountedAgainstLimit() {
        Triage gated = new Triage(
                () -> RuleFiles.parse("rules/a.yaml", RULES).rules(),
                clock,
                rule -> RuleGate.Verdict.refuse("rule not activated"));
        Decision.Inactive i = assertInstanceOf(Decision.Inactive.class, gated.admit(down("web-1:9100", "firing")));
        assertEquals("rules/a.yaml#restart", i.rule().id());
        assertEquals("rule not activated", i.reason());
    }

    @Test
    void decide_gateAllowsAsUser_runCarriesIdentityAndPin() {
        ServiceIdentity op = new ServiceIdentity("op", "events", java.util.Set.of("operator"));
        Triage gated = new Triage(
                () -> RuleFiles.parse("rules/a.yaml", RULES).rules(), clock, rule -> RuleGate.Verdict.allow(op, "abc"));
        Decision.Run run = assertInstanceOf(Decision.Run.class, gated.decide(down("web-1:9100", "firing")));
        assertEquals(op, run.as());
        assertEquals("abc", run.target().pinnedHash());
    }

    @Test
    void decide_regexDoesNotMatch_noMatch() {
        assertInstanceOf(Decision.NoMatch.class, triage.decide(down("db-1:9100", "firing")));
    }

    @Test
    void decide_resolved_goesToResolvedRule() {
        Decision.Run run = assertInstanceOf(Decision.Run.class, triage.decide(down("web-1:9100", "resolved")));
        assertEquals("ops/note.md", run.target().name());
    }

    @Test
    void admit_limitPerKey_thirdSuppressedOtherKeyRunsAndWindowReopens() {
        assertInstanceOf(Decision.Run.class, triage.admit(down("web-1:9100", "firing")));
        assertInstanceOf(Decision.Run.class, triage.admit(down("web-1:9100", "firing")));
        Decision.Suppressed s = assertInstanceOf(Decision.Suppressed.class, triage.admit(down("web-1:9100", "firing")));
        assertTrue(s.reason().contains("limit of 2"), s.reason());
        assertInstanceOf(Decision.Run.class, triage.admit(down("web-2:9100", "firing")));
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertInstanceOf(Decision.Run.class, triage.admit(down("web-1:9100", "firing")));
    }

    @Test
    void decide_dryRun_countsNothing() {
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(Decision.Run.class, triage.decide(down("web-1:9100", "firing")));
        }
    }

    @Test
    void failed_quietPeriod_suppressesUntilOver() {
        Decision.Run run = assertInstanceOf(Decision.Run.class, triage.admit(down("web-1:9100", "firing")));
        triage.failed(run.rule(), run.key());
        clock.advance(Duration.ofMinutes(11)); // the limit window is over, the quiet period is not
        Decision.Suppressed s = assertInstanceOf(Decision.Suppressed.class, triage.admit(down("web-1:9100", "firing")));
        assertTrue(s.reason().startsWith("quiet"), s.reason());
        clock.advance(Duration.ofMinutes(5));
        assertInstanceOf(Decision.Run.class, triage.admit(down("web-1:9100", "firing")));
    }

    @Test
    void decide_missingLabelForParam_refused() {
        AlertEvent noSummary = new AlertEvent(
                "alertmanager",
                "firing",
                Map.of("alertname", "InstanceDown", "instance", "web-1:9100"),
                Map.of(),
                Map.of());
        Decision.Refused r = assertInstanceOf(Decision.Refused.class, triage.decide(noSummary));
        assertTrue(r.reason().contains("annotations.summary"), r.reason());
    }

    @Test
    void parse_badRule_reportedOthersKept() {
        RuleFiles.Parsed p = RuleFiles.parse("rules/b.yaml", """
                rules:
                  - name: good
                    run: a.md
                  - name: bad
                    when: { labels.x: { regex: "(" } }
                    params: { h: "${nope.x}" }
                    limit: { runs: 0, per: soon }
                """);
        assertEquals(1, p.rules().size());
        assertTrue(p.problems().size() >= 3, p.problems().toString());
        assertTrue(
                p.problems().stream().allMatch(pr -> pr.message().startsWith("bad: ")),
                p.problems().toString());
    }

    @Test
    void parse_rawReferenceInParams_isAProblemAndTheRuleIsLeftOut() {
        RuleFiles.Parsed p = RuleFiles.parse("rules/raw.yaml", """
                rules:
                  - name: raw
                    when: { labels.alertname: X }
                    run: a.md
                    params: { cmd: "${raw:labels.cmd}" }
                """);

        assertEquals(List.of(), p.rules());
        assertTrue(
                p.problems()
                        .toString()
                        .contains(
                                "${raw:labels.cmd} is refused: a value from an event is never" + " pasted in as code"),
                p.problems().toString());
    }
}

package dev.tejun.kernel.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Several rule lists with events routed to each by source and labels, and an action's own rate limit counted over
 * every rule that runs it.
 */
class RoutingTest {

    private static final String NETWORK = """
            route:
              source: { in: [zabbix, snmp] }
              labels.team: network
            rules:
              - name: link-down
                when: { labels.alertname: LinkDown }
                run: net/bounce.md
            """;
    private static final String SERVERS = """
            route: { source: grafana }
            rules:
              - name: any-down
                when: { labels.alertname: { regex: ".*Down" } }
                run: srv/restart.md
                action-limit: { runs: 2, per: 10m }
              - name: disk
                when: { labels.alertname: DiskFull }
                run: srv/restart.md
                action-limit: { runs: 2, per: 10m }
            """;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final Triage triage = new Triage(
            () -> {
                List<Rule> all = new ArrayList<>(
                        RuleFiles.parse("rules/network.yaml", NETWORK).rules());
                all.addAll(RuleFiles.parse("rules/servers.yaml", SERVERS).rules());
                return all;
            },
            clock,
            RuleGate.ALL_AS_EVENTS);

    private static AlertEvent event(String source, String alert, String team) {
        return new AlertEvent(source, "firing", Map.of("alertname", alert, "team", team), Map.of(), Map.of());
    }

    private static String ruleOf(Decision d) {
        return d instanceof Decision.Run r ? r.rule().id() : d.kind();
    }

    @Test
    void route_eventsGoToTheListTheirSourceAndLabelsNameOnly() {
        assertEquals("rules/network.yaml#link-down", ruleOf(triage.decide(event("zabbix", "LinkDown", "network"))));
        // the same alert from grafana is the servers list's, whose regex takes it
        assertEquals("rules/servers.yaml#any-down", ruleOf(triage.decide(event("grafana", "LinkDown", "network"))));
        // zabbix, but another team: routed to no list
        assertEquals("no-match", ruleOf(triage.decide(event("zabbix", "LinkDown", "storage"))));
        assertEquals("no-match", ruleOf(triage.decide(event("nagios", "LinkDown", "network"))));
    }

    @Test
    void route_withABadTest_theFilesRulesAreLeftOutAndSaidWhy() {
        RuleFiles.Parsed p =
                RuleFiles.parse("rules/x.yaml", "route: { host: a }\n" + NETWORK.substring(NETWORK.indexOf("rules:")));
        assertEquals(List.of(), p.rules());
        assertTrue(
                p.problems().toString().contains("route: when: cannot match on 'host'"),
                p.problems().toString());
    }

    @Test
    void actionLimit_countsRunsOfTheTargetFromEveryRule() {
        assertInstanceOf(Decision.Run.class, triage.admit(event("grafana", "NodeDown", "srv")));
        assertInstanceOf(Decision.Run.class, triage.admit(event("grafana", "DiskFull", "srv")));

        Decision third = triage.admit(event("grafana", "HostDown", "srv"));
        Decision.Suppressed s = assertInstanceOf(Decision.Suppressed.class, third);
        assertTrue(s.reason().contains("action srv/restart.md may run 2 time(s) per PT10M"), s.reason());

        clock.advance(Duration.ofMinutes(11));
        assertInstanceOf(Decision.Run.class, triage.admit(event("grafana", "HostDown", "srv")));
    }
}

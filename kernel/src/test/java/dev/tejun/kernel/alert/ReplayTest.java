package dev.tejun.kernel.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A draft rule set on recorded events: what it would have done beside what the active rules did. */
class ReplayTest {

    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    private static Replay.Recorded recorded(long id, Duration after, String host, String fingerprint) {
        AlertEvent e = new AlertEvent(
                "am",
                "firing",
                Map.of("alertname", host.startsWith("node") ? "NodeDown" : "DiskFull", "host", host),
                Map.of(),
                Map.of("fingerprint", fingerprint));
        return new Replay.Recorded(id, T0.plus(after), e, "no-match", null);
    }

    private static List<Rule> draft(String text) {
        RuleFiles.Parsed p = RuleFiles.parse("rules/draft.yaml", text);
        assertEquals("[]", p.problems().toString());
        return p.rules();
    }

    @Test
    void run_draftWithALimit_decidedAtEachEventsOwnTime() {
        List<Rule> rules = draft("""
                rules:
                  - name: clean
                    when: { labels.alertname: DiskFull }
                    run: clean.md
                    limit: { runs: 1, per: 1h, key: "${labels.host}" }
                  - name: evacuate
                    when: { labels.alertname: NodeDown }
                    run: evacuate.md
                """);
        List<Replay.Recorded> events = List.of(
                recorded(1, Duration.ZERO, "db-1", "a"),
                recorded(2, Duration.ofMinutes(30), "db-1", "b"),
                recorded(3, Duration.ofMinutes(90), "db-1", "c"),
                recorded(4, Duration.ofMinutes(91), "node-2", "d"),
                recorded(5, Duration.ofMinutes(92), "node-2", "d"));

        Replay.Report report = Replay.run(rules, events);

        assertEquals(
                List.of("run", "suppressed", "run", "run", "duplicate"),
                report.results().stream().map(Replay.Result::would).toList());
        assertEquals(Map.of("no-match", 5), report.was());
        assertEquals(5, report.changed());
        assertEquals("rules/draft.yaml#clean", report.results().getFirst().wouldRule());
    }

    @Test
    void run_manyEventsOnAWideTable_everyEventDecided() {
        StringBuilder table = new StringBuilder("rules:\n");
        for (int i = 0; i < 200; i++) {
            table.append("  - name: r")
                    .append(i)
                    .append("\n    when: { labels.alertname: A")
                    .append(i)
                    .append(", annotations.value: { gt: 50 } }\n    run: x.md\n");
        }
        List<Replay.Recorded> events = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            AlertEvent e = new AlertEvent(
                    "am",
                    i % 2 == 0 ? "firing" : "resolved",
                    Map.of("alertname", "A" + (i % 250)),
                    Map.of("value", String.valueOf(i % 100)),
                    Map.of("fingerprint", "f" + (i / 2)));
            events.add(new Replay.Recorded(i, T0.plusSeconds(i), e, "no-match", null));
        }

        Replay.Report report = Replay.run(draft(table.toString()), events);

        assertEquals(20_000, report.results().size());
        assertEquals(
                20_000,
                report.would().values().stream().mapToInt(Integer::intValue).sum());
    }
}

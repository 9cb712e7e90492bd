package dev.tejun.kernel.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A decision table's hit policy: {@code hit: all} makes every matching row of the set act (each with its own limit),
 * the default keeps "the first match decides", and the first set with a match still decides for the sets after it.
 */
class HitPolicyTest {

    private static final String ALL = """
            hit: all
            rules:
              - name: page
                when: { labels.alertname: DiskFull }
                run: ops/page.md
                params: { host: "${labels.instance}" }
              - name: clean
                when: { labels.alertname: DiskFull, labels.mount: /var }
                run: ops/clean.md
                limit: { runs: 1, per: 10m }
              - name: other
                when: { labels.alertname: CpuHigh }
                run: ops/cpu.md
            """;
    private static final String LATER = """
            rules:
              - name: catch-all
                when: { labels.alertname: { regex: ".*" } }
                run: ops/log.md
            """;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T00:00:00Z"));

    private Triage triage(String first) {
        return new Triage(
                () -> {
                    List<Rule> all = new ArrayList<>(
                            RuleFiles.parse("rules/a.yaml", first).rules());
                    all.addAll(RuleFiles.parse("rules/b.yaml", LATER).rules());
                    return all;
                },
                clock,
                RuleGate.ALL_AS_EVENTS);
    }

    private static AlertEvent disk(String mount) {
        return new AlertEvent(
                "test",
                "firing",
                Map.of("alertname", "DiskFull", "instance", "db-1", "mount", mount),
                Map.of(),
                Map.of());
    }

    private static List<String> rules(List<Decision> ds) {
        return ds.stream()
                .map(d -> d.kind() + " "
                        + switch (d) {
                            case Decision.Run r -> r.rule().id();
                            case Decision.Suppressed s -> s.rule().id();
                            default -> "";
                        })
                .toList();
    }

    @Test
    void admitAll_hitAll_everyMatchingRowActs_laterSetsNot() {
        Triage t = triage(ALL);
        assertEquals(List.of("run rules/a.yaml#page", "run rules/a.yaml#clean"), rules(t.admitAll(disk("/var"))));
        assertEquals(List.of("run rules/a.yaml#page"), rules(t.admitAll(disk("/home"))));
        // each row keeps its own limit: clean ran once in 10 minutes, page has none
        assertEquals(
                List.of("run rules/a.yaml#page", "suppressed rules/a.yaml#clean"), rules(t.admitAll(disk("/var"))));
        // no row of the all-set matches: the next set decides as before
        AlertEvent other = new AlertEvent("test", "firing", Map.of("alertname", "Swap"), Map.of(), Map.of());
        assertEquals(List.of("run rules/b.yaml#catch-all"), rules(t.admitAll(other)));
    }

    @Test
    void admitAll_firstByDefault_onlyTheFirstMatchDecides() {
        Triage t = triage(ALL.replace("hit: all\n", ""));
        assertEquals(List.of("run rules/a.yaml#page"), rules(t.admitAll(disk("/var"))));
    }

    @Test
    void parse_badHitPolicy_refusesTheFileWithItsLine() {
        RuleFiles.Parsed p = RuleFiles.parse("rules/a.yaml", ALL.replace("hit: all", "hit: every"));
        assertEquals(List.of(), p.rules());
        assertEquals(1, p.problems().getFirst().line());
        assertTrue(
                p.problems().getFirst().message().contains("hit: must be first or all, not 'every'"),
                p.problems().toString());
    }

    @Test
    void receive_hitAll_eachMatchIsALinkedLedgerRowWithItsOwnRun() throws Exception {
        AtomicLong ids = new AtomicLong();
        List<String> records = new CopyOnWriteArrayList<>();
        EventLedger ledger = new EventLedger() {
            public long received(AlertEvent event, Instant at) {
                long id = ids.incrementAndGet();
                records.add(id + " received" + event.fields().getOrDefault(AlertDispatcher.MATCH_OF, ""));
                return id;
            }

            public void decided(long eventId, Decision decision, Instant at) {
                records.add(eventId + " " + decision.kind());
            }

            public void identified(long eventId, String fingerprint, Long related) {
                records.add(eventId + " related " + related);
            }

            public void attempted(long eventId, int attempt, RunResult result, Instant at) {
                records.add(eventId + " attempt " + result.status());
            }
        };
        List<String> ran = new CopyOnWriteArrayList<>();
        try (AlertDispatcher d = new AlertDispatcher(
                triage(ALL),
                (target, params, as) -> {
                    ran.add(target.name() + " " + params);
                    return new RunResult("ok", "r", null, null);
                },
                ledger,
                clock,
                2)) {
            List<AlertDispatcher.Handled> h = d.receive(List.of(disk("/var")));
            assertEquals(
                    List.of(1L, 2L),
                    h.stream().map(AlertDispatcher.Handled::eventId).toList());
            assertTrue(d.awaitIdle(Duration.ofSeconds(10)));
        }
        assertTrue(
                records.containsAll(List.of("1 received", "1 run", "2 received1", "2 related 1", "2 run")),
                records.toString());
        assertEquals(
                List.of("ops/clean.md {}", "ops/page.md {host=db-1}"),
                ran.stream().sorted().toList());
    }
}

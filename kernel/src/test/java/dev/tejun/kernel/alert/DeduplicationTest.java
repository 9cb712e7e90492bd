package dev.tejun.kernel.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An alert re-sent every repeat_interval is one problem: it runs once, and its resolved event is matched to it. */
class DeduplicationTest {

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-30T00:00:00Z"));
    private final List<String> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger runs = new AtomicInteger();
    private final EventLedger ledger = new EventLedger() {
        public long received(AlertEvent event, Instant at) {
            return ids.incrementAndGet();
        }

        public void decided(long eventId, Decision decision, Instant at) {}

        public void attempted(long eventId, int attempt, RunResult result, Instant at) {}

        @Override
        public void identified(long eventId, String fingerprint, Long related) {
            links.add(eventId + " " + fingerprint + " -> " + related);
        }
    };
    private AlertDispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private AlertDispatcher dispatcher(String extra) {
        String rules = """
                rules:
                  - name: fix
                    status: any
                    run: fix.md
                """ + extra;
        Triage triage = new Triage(() -> RuleFiles.parse("rules/r.yaml", rules).rules(), clock, RuleGate.ALL_AS_EVENTS);
        dispatcher = new AlertDispatcher(
                triage,
                (t, p, as) -> {
                    runs.incrementAndGet();
                    return new RunResult("ok", "r", null, null);
                },
                ledger,
                OpenAlerts.inMemory(),
                clock,
                2);
        return dispatcher;
    }

    private static AlertEvent alert(String status, String fingerprint) {
        return new AlertEvent(
                "alertmanager", status, Map.of("alertname", "Down"), Map.of(), Map.of("fingerprint", fingerprint));
    }

    private String kind(AlertEvent event) {
        return dispatcher.receive(List.of(event)).getFirst().decision().kind();
    }

    @Test
    void receive_sameFiringAlertResent_duplicateAndRunOnce() throws Exception {
        dispatcher("");

        assertEquals("run", kind(alert("firing", "aaa")));
        assertEquals("duplicate", kind(alert("firing", "aaa")));
        assertEquals("duplicate", kind(alert("firing", "aaa")));
        assertEquals("run", kind(alert("firing", "bbb")));
        dispatcher.awaitIdle(Duration.ofSeconds(10));
        assertEquals(2, runs.get());
        assertEquals("2 alertmanager/aaa -> 1", links.get(1));
    }

    @Test
    void receive_resolved_matchedToItsFiringEventAndTheNextFiringRunsAgain() throws Exception {
        dispatcher("");

        kind(alert("firing", "aaa"));
        kind(alert("firing", "aaa"));
        assertEquals("run", kind(alert("resolved", "aaa")));
        assertEquals("3 alertmanager/aaa -> 1", links.get(2));
        assertEquals("run", kind(alert("firing", "aaa")));
        assertEquals("4 alertmanager/aaa -> null", links.get(3));
        // a resolved event for an alert that is not open resolves nothing
        kind(alert("resolved", "zzz"));
        assertEquals("5 alertmanager/zzz -> null", links.get(4));
    }

    @Test
    void receive_ruleSaysRepeat_resentAlertRunsAgain() throws Exception {
        dispatcher("    repeat: true\n");

        assertEquals("run", kind(alert("firing", "aaa")));
        assertEquals("run", kind(alert("firing", "aaa")));
        dispatcher.awaitIdle(Duration.ofSeconds(10));
        assertEquals(2, runs.get());
    }

    @Test
    void fingerprint_withoutOneOfTheSources_hashOfSourceAndLabels() {
        AlertEvent a = new AlertEvent("json", "firing", Map.of("host", "a", "x", "1"), Map.of(), Map.of());
        AlertEvent b = new AlertEvent("json", "resolved", Map.of("x", "1", "host", "a"), Map.of(), Map.of("t", "2"));
        assertEquals(Fingerprint.of(a), Fingerprint.of(b));
        assertEquals(
                Fingerprint.of(a, List.of("labels.host")),
                Fingerprint.of(
                        new AlertEvent("json", "firing", Map.of("host", "a"), Map.of(), Map.of()),
                        List.of("labels.host")));
    }
}

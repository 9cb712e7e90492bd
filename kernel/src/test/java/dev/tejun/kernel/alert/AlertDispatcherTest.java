package dev.tejun.kernel.alert;

import dev.tejun.kernel.schedule.FakeClock;
import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.kernel.schedule.TargetRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertDispatcherTest {

    private final FakeClock clock = new FakeClock(Instant.parse("2025-06-02T00:00:00Z"));
    private final List<String> records = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final EventLedger ledger = new EventLedger() {
        public long received(AlertEvent event, Instant at) {
            records.add("received " + event.value("labels.instance").orElse(""));
            return ids.incrementAndGet();
        }

        public void decided(long eventId, Decision decision, Instant at) {
            records.add(eventId + " " + decision.kind());
        }

        public void attempted(long eventId, int attempt, RunResult result, Instant at) {
            records.add(eventId + " attempt " + attempt + " " + result.status());
        }
    };
    private AlertDispatcher dispatcher;

    @AfterEach
    void close() {
        dispatcher.close();
    }

    private AlertDispatcher dispatcher(String rules, TargetRunner runner) {
        Triage triage = new Triage(() -> RuleFiles.parse("rules/r.yaml", rules).rules(), clock);
        dispatcher = new AlertDispatcher(triage, runner, ledger, clock, 2);
        return dispatcher;
    }

    private static AlertEvent event(String instance) {
        return new AlertEvent("generic", "firing", Map.of("instance", instance), Map.of(), Map.of());
    }

    @Test
    void receive_failingRun_retriedThenQuiet() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AlertDispatcher d = dispatcher("""
                rules:
                  - name: fix
                    run: fix.md
                    retry: { times: 2, interval: 10ms }
                    quiet-after-failure: 5m
                """, (target, params, as) -> {
            calls.incrementAndGet();
            return new RunResult("failed", "r" + calls.get(), null, "nope");
        });
        d.receive(List.of(event("a")));
        assertTrue(d.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(3, calls.get());
        assertEquals(List.of("received a", "1 run", "1 attempt 1 failed", "1 attempt 2 failed", "1 attempt 3 failed"), records);
        AlertDispatcher.Handled h = d.receive(List.of(event("a"))).getFirst();
        assertInstanceOf(Decision.Suppressed.class, h.decision());
        assertTrue(d.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(3, calls.get());
    }

    @Test
    void dryRun_recordsAndRunsNothing() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AlertDispatcher d = dispatcher("rules:\n  - name: all\n    run: x.md\n", (t, p, a) -> {
            calls.incrementAndGet();
            return new RunResult("ok", "r", null, null);
        });
        List<Decision> decisions = d.dryRun(List.of(event("a"), event("b")));
        assertEquals(List.of("run", "run"), decisions.stream().map(Decision::kind).toList());
        assertEquals(0, calls.get());
        assertEquals(List.of(), records);
    }
}

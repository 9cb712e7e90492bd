package dev.tejun.kernel.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.kernel.schedule.TargetRunner;
import dev.tejun.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
        Triage triage = new Triage(() -> RuleFiles.parse("rules/r.yaml", rules).rules(), clock, RuleGate.ALL_AS_EVENTS);
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
        assertEquals(
                List.of("received a", "1 run", "1 attempt 1 failed", "1 attempt 2 failed", "1 attempt 3 failed"),
                records);
        AlertDispatcher.Handled h = d.receive(List.of(event("a"))).getFirst();
        assertInstanceOf(Decision.Suppressed.class, h.decision());
        assertTrue(d.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(3, calls.get());
    }

    private static final String RETRYING = """
            rules:
              - name: fix
                run: fix.md
                retry: { times: 1, interval: 10ms }
                quiet-after-failure: 5m
            """;

    private static AlertDispatcher.Unfinished unfinished(long id, String rule, int made, Instant last) {
        return new AlertDispatcher.Unfinished(
                id, rule, "", new dev.tejun.kernel.schedule.Target("fix.md"), Map.of(), made, last, null);
    }

    @Test
    void resume_runCutOffByTheStop_countsAsFailedThenRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AlertDispatcher d = dispatcher(RETRYING, (target, params, as) -> {
            calls.incrementAndGet();
            return new RunResult("ok", "r1", null, null);
        });

        int resumed = d.resume(
                List.of(unfinished(7, "rules/r.yaml#fix", 0, null)),
                RuleFiles.parse("rules/r.yaml", RETRYING).rules());

        assertEquals(1, resumed);
        assertTrue(d.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(1, calls.get());
        assertEquals(List.of("7 attempt 1 failed", "7 attempt 2 ok"), records);
    }

    @Test
    void resume_nothingLeftToTry_runsNothingAndSaysWhy() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AlertDispatcher d = dispatcher(RETRYING, (target, params, as) -> {
            calls.incrementAndGet();
            return new RunResult("ok", "r1", null, null);
        });
        Instant now = clock.instant();

        int resumed = d.resume(
                List.of(
                        unfinished(1, "rules/r.yaml#gone", 1, now), // its rule was removed
                        unfinished(2, "rules/r.yaml#fix", 2, now), // both attempts made
                        unfinished(3, "rules/r.yaml#fix", 1, now.minus(Duration.ofHours(2)))), // due long ago
                RuleFiles.parse("rules/r.yaml", RETRYING).rules());

        assertEquals(0, resumed);
        assertTrue(d.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(0, calls.get());
        assertEquals(List.of("1 attempt 1 failed", "3 attempt 2 failed"), records);
    }

    @Test
    void resume_cutOffRunWithoutRetries_startsTheQuietPeriod() throws Exception {
        String once = """
                rules:
                  - name: once
                    run: fix.md
                    quiet-after-failure: 5m
                """;
        AlertDispatcher d = dispatcher(once, (target, params, as) -> new RunResult("ok", "r1", null, null));

        assertEquals(
                0,
                d.resume(
                        List.of(unfinished(4, "rules/r.yaml#once", 0, null)),
                        RuleFiles.parse("rules/r.yaml", once).rules()));

        assertEquals(List.of("4 attempt 1 failed"), records);
        assertInstanceOf(
                Decision.Suppressed.class,
                d.receive(List.of(event(""))).getFirst().decision());
    }

    @Test
    void dryRun_recordsAndRunsNothing() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AlertDispatcher d = dispatcher("rules:\n  - name: all\n    run: x.md\n", (t, p, a) -> {
            calls.incrementAndGet();
            return new RunResult("ok", "r", null, null);
        });
        List<List<Decision>> decisions = d.dryRun(List.of(event("a"), event("b")));
        assertEquals(
                List.of("run", "run"),
                decisions.stream().map(ds -> ds.getFirst().kind()).toList());
        assertEquals(0, calls.get());
        assertEquals(List.of(), records);
    }
}

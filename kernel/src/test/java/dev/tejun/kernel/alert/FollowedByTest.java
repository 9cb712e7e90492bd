package dev.tejun.kernel.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * "A not followed by B within T": a match waits T and runs only when no cancelling event for the same key came
 * meanwhile; the cancelling events are kept in the suppression state, so a restarted dispatcher decides the same.
 */
class FollowedByTest {

    private static final String RULES = """
            rules:
              - name: fence
                when: { labels.alertname: NodeDown }
                run: ops/fence.md
                params: { host: "${labels.host}" }
                unless-followed-by: { when: { labels.alertname: NodeUp }, within: %s, by: "${labels.host}" }
            """;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final SuppressionState state = SuppressionState.inMemory();
    private final AtomicLong ids = new AtomicLong();
    private final List<String> records = new CopyOnWriteArrayList<>();
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final List<AlertDispatcher> opened = new CopyOnWriteArrayList<>();
    private final EventLedger ledger = new EventLedger() {
        public long received(AlertEvent event, Instant at) {
            return ids.incrementAndGet();
        }

        public void decided(long eventId, Decision decision, Instant at) {
            records.add(eventId + " " + decision.kind());
        }

        public void attempted(long eventId, int attempt, RunResult result, Instant at) {}
    };

    @AfterEach
    void close() {
        opened.forEach(AlertDispatcher::close);
    }

    private Triage triage(String within) {
        List<Rule> rules =
                RuleFiles.parse("rules/r.yaml", RULES.formatted(within)).rules();
        assertEquals(1, rules.size());
        return new Triage(() -> rules, clock, state, RuleGate.ALL_AS_EVENTS);
    }

    private AlertDispatcher dispatcher(Triage t) {
        AlertDispatcher d = new AlertDispatcher(
                t,
                (target, params, as) -> {
                    ran.add(target.name() + " " + params);
                    return new RunResult("ok", "r", null, null);
                },
                ledger,
                clock,
                2);
        opened.add(d);
        return d;
    }

    private static AlertEvent event(String alert, String host) {
        return new AlertEvent("test", "firing", Map.of("alertname", alert, "host", host), Map.of(), Map.of());
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited 20 s for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void receive_notFollowed_runsWhenTheTimeIsUp() throws Exception {
        AlertDispatcher d = dispatcher(triage("300ms"));
        assertEquals(
                "waiting",
                d.receive(List.of(event("NodeDown", "n1")))
                        .getFirst()
                        .decision()
                        .kind());
        assertEquals(List.of(), ran, "nothing runs before the time is up");
        await(() -> ran.size() == 1, "the run after the wait");
        assertEquals(List.of("ops/fence.md {host=n1}"), ran);
        assertEquals(List.of("1 waiting", "1 run"), records);
    }

    @Test
    void receive_followedByB_forTheSameKey_runsNothing() throws Exception {
        AlertDispatcher d = dispatcher(triage("500ms"));
        d.receive(List.of(event("NodeDown", "n1"), event("NodeDown", "n2")));
        d.receive(List.of(event("NodeUp", "n1")));
        await(() -> records.size() == 5, "both waits decided");
        assertTrue(records.contains("1 suppressed"), records.toString());
        assertTrue(records.contains("2 run"), records.toString());
        assertTrue(d.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(List.of("ops/fence.md {host=n2}"), ran, "only the host that did not come back is fenced");
    }

    @Test
    void await_afterRestart_decidesByWhatCameMeanwhile() throws Exception {
        Triage before = triage("1h");
        AlertDispatcher first = dispatcher(before);
        AlertEvent down1 = event("NodeDown", "n1");
        AlertEvent down2 = event("NodeDown", "n2");
        first.receive(List.of(down1, down2));
        first.receive(List.of(event("NodeUp", "n1")));
        Instant at = clock.instant();
        first.close(); // the server stops with both matches waiting
        clock.advance(Duration.ofHours(2));

        Triage after = triage("1h");
        AlertDispatcher second = dispatcher(after);
        Rule rule =
                RuleFiles.parse("rules/r.yaml", RULES.formatted("1h")).rules().getFirst();
        second.await(1, after.waiting(rule, down1, at).orElseThrow());
        second.await(2, after.waiting(rule, down2, at).orElseThrow());
        await(() -> records.size() == 5, "both waits decided after the restart");
        assertTrue(records.contains("1 suppressed"), records.toString());
        assertTrue(records.contains("2 run"), records.toString());
    }

    @Test
    void parse_holdWithFollowedBy_isRefused() {
        RuleFiles.Parsed p =
                RuleFiles.parse("rules/r.yaml", RULES.formatted("5m").replace("    run:", "    hold: true\n    run:"));
        assertEquals(List.of(), p.rules());
        assertTrue(
                p.problems().getFirst().message().contains("hold and unless-followed-by cannot be combined"),
                p.problems().toString());
    }
}

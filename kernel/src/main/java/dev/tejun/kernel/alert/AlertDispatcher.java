package dev.tejun.kernel.alert;

import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.kernel.schedule.ServiceIdentity;
import dev.tejun.kernel.schedule.TargetRunner;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handles received events: records each, decides it ({@link Triage#admit}), records the decision, and runs what
 * was chosen on a bounded pool as the {@link ServiceIdentity#EVENTS} identity, trying again after the rule's
 * retry interval when a run fails. Receiving returns as soon as the decisions are recorded; runs go on after.
 */
public final class AlertDispatcher implements AutoCloseable {

    /** One event as handled: its ledger id and what was decided. */
    public record Handled(long eventId, AlertEvent event, Decision decision) {
    }

    private final Triage triage;
    private final TargetRunner runner;
    private final EventLedger ledger;
    private final Clock clock;
    private final ExecutorService pool;
    private final AtomicInteger active = new AtomicInteger();

    public AlertDispatcher(Triage triage, TargetRunner runner, EventLedger ledger, Clock clock, int workers) {
        this.triage = triage;
        this.runner = runner;
        this.ledger = ledger;
        this.clock = clock;
        this.pool = Executors.newFixedThreadPool(workers, Thread.ofVirtual().name("event-run-", 0).factory());
    }

    public List<Handled> receive(List<AlertEvent> events) {
        List<Handled> out = new ArrayList<>();
        for (AlertEvent event : events) {
            long id = ledger.received(event, clock.instant());
            Decision d = triage.admit(event);
            ledger.decided(id, d, clock.instant());
            if (d instanceof Decision.Run run) {
                active.incrementAndGet();
                pool.execute(() -> execute(id, run));
            }
            out.add(new Handled(id, event, d));
        }
        return out;
    }

    /** What {@link #receive} would decide, with nothing recorded and nothing run. */
    public List<Decision> dryRun(List<AlertEvent> events) {
        return events.stream().map(triage::decide).toList();
    }

    private void execute(long eventId, Decision.Run run) {
        try {
            int attempts = 1 + run.rule().retry().times();
            for (int attempt = 1; attempt <= attempts; attempt++) {
                RunResult result;
                try {
                    result = runner.run(run.target(), run.params(), ServiceIdentity.EVENTS);
                } catch (RuntimeException e) {
                    result = RunResult.notStarted("run failed: " + e);
                }
                ledger.attempted(eventId, attempt, result, clock.instant());
                if (result.ok()) {
                    return;
                }
                if (attempt < attempts) {
                    Thread.sleep(run.rule().retry().interval());
                }
            }
            triage.failed(run.rule(), run.key());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            active.decrementAndGet();
        }
    }

    /** Waits until no event run is going (tests, shutdown); true when idle. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (active.get() > 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

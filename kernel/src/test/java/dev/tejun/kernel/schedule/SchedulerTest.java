package dev.tejun.kernel.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timing through a fake clock: nothing here sleeps to let time pass. */
class SchedulerTest {

    private static final Instant T0 = Instant.parse("2025-06-02T00:00:30Z");

    private final FakeClock clock = new FakeClock(T0);
    private final MemoryLedger ledger = new MemoryLedger();
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final List<Scheduler> schedulers = new ArrayList<>();
    private volatile String resultStatus = "ok";
    /** Each run takes a permit before it ends, so a test decides when runs finish. */
    private final Semaphore release = new Semaphore(1_000_000);

    private final TargetRunner runner = (target, params, as) -> {
        ran.add(target.name() + " " + params + " as " + as.user());
        release.acquire();
        return new RunResult(resultStatus, "run-" + ran.size(), null, resultStatus.equals("ok") ? null : "boom");
    };

    @AfterEach
    void close() {
        release.release(1000);
        schedulers.forEach(Scheduler::close);
    }

    private Scheduler scheduler(List<ScheduleDef> defs, FailureNotifier notifier) {
        Scheduler s = new Scheduler(clock, () -> defs, ledger, runner, notifier, 2, Duration.ofSeconds(30));
        schedulers.add(s);
        return s;
    }

    private static ScheduleDef every5min(String name, Misfire misfire) {
        return new ScheduleDef(
                "file:" + name,
                ScheduleDef.FILE,
                new Target(name),
                CronSpec.parse("*/5 * * * *"),
                ZoneId.of("UTC"),
                Map.of("env", "prod"),
                misfire,
                null);
    }

    @Test
    void tick_atFireTime_runsOnceAsScheduler() throws Exception {
        Scheduler s = scheduler(List.of(every5min("a.md", Misfire.SKIP)), FailureNotifier.NONE);
        assertEquals(List.of(), s.tick()); // first sight: anchors, runs nothing
        clock.advance(Duration.ofMinutes(4)); // 00:04:30
        assertEquals(List.of(), s.tick());
        clock.advance(Duration.ofSeconds(31)); // 00:05:01
        List<Scheduler.Fired> fired = s.tick();
        assertEquals(1, fired.size());
        assertEquals(Scheduler.Fired.RAN, fired.getFirst().what());
        assertEquals(Instant.parse("2025-06-02T00:05:00Z"), fired.getFirst().fireTime());
        assertEquals(List.of(), s.tick()); // the same fire time never runs twice
        assertTrue(s.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(List.of("a.md {env=prod} as scheduler"), ran);
        assertEquals(List.of("ok"), ledger.statuses());
        assertEquals(
                Instant.parse("2025-06-02T00:10:00Z"),
                s.nextRun(every5min("a.md", Misfire.SKIP)).orElseThrow());
    }

    @Test
    void tick_previousRunStillGoing_recordsSkipped() throws Exception {
        release.drainPermits();
        Scheduler s = scheduler(List.of(every5min("slow.md", Misfire.SKIP)), FailureNotifier.NONE);
        s.tick();
        clock.advance(Duration.ofMinutes(5));
        assertEquals(Scheduler.Fired.RAN, s.tick().getFirst().what());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(Scheduler.Fired.OVERLAP_SKIPPED, s.tick().getFirst().what());
        release.release();
        assertTrue(s.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(List.of("ok", "skipped"), ledger.statuses());
        assertEquals(1, ran.size());
        clock.advance(Duration.ofMinutes(5));
        release.release();
        assertEquals(Scheduler.Fired.RAN, s.tick().getFirst().what()); // free again: the next one runs
        assertTrue(s.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(2, ran.size());
    }

    @Test
    void tick_afterDowntime_runOnceRunsOneForAllMissed() throws Exception {
        ScheduleDef def = every5min("health.md", Misfire.RUN_ONCE);
        scheduler(List.of(def), FailureNotifier.NONE).tick();
        schedulers.removeFirst().close(); // the server goes down
        clock.advance(Duration.ofHours(2));
        Scheduler restarted = scheduler(List.of(def), FailureNotifier.NONE);
        List<Scheduler.Fired> fired = restarted.tick();
        assertEquals(1, fired.size());
        assertEquals(Scheduler.Fired.MISFIRE_RAN, fired.getFirst().what());
        assertTrue(restarted.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(1, ran.size());
        assertTrue(
                ledger.entries.getFirst().note().contains("24 fire times"),
                ledger.entries.getFirst().note());
        assertEquals(List.of(), restarted.tick());
    }

    @Test
    void tick_afterDowntime_skipRecordsMissedAndRunsNothing() throws Exception {
        ScheduleDef def = every5min("patch.md", Misfire.SKIP);
        scheduler(List.of(def), FailureNotifier.NONE).tick();
        schedulers.removeFirst().close();
        clock.advance(Duration.ofHours(2));
        List<String> told = new CopyOnWriteArrayList<>();
        Scheduler restarted = scheduler(List.of(def), new FailureNotifier() {
            public void failed(ScheduleDef schedule, Instant fireTime, RunResult result) {}

            public void misfired(ScheduleDef schedule, Instant fireTime, String why) {
                told.add(schedule.id() + ": " + why);
            }
        });
        assertEquals(
                Scheduler.Fired.MISFIRE_SKIPPED, restarted.tick().getFirst().what());
        assertEquals(List.of("skipped"), ledger.statuses());
        assertEquals(1, told.size(), "the skipped misfire is told once (the server audits it as schedule.misfired)");
        assertTrue(told.getFirst().contains("misfire policy is skip"), told.toString());
        assertEquals(0, ran.size());
        clock.advance(Duration.ofMinutes(5)); // the next fire time on schedule runs normally
        assertEquals(Scheduler.Fired.RAN, restarted.tick().getFirst().what());
        assertTrue(restarted.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(1, ran.size());
    }

    @Test
    void run_failed_notifiesWithResult() throws Exception {
        resultStatus = "failed";
        CountDownLatch told = new CountDownLatch(1);
        List<RunResult> results = new CopyOnWriteArrayList<>();
        Scheduler s = scheduler(List.of(every5min("f.md", Misfire.SKIP)), (def, at, result) -> {
            results.add(result);
            told.countDown();
        });
        s.tick();
        clock.advance(Duration.ofMinutes(5));
        s.tick();
        assertTrue(told.await(10, TimeUnit.SECONDS));
        assertEquals("boom", results.getFirst().message());
    }

    @Test
    void pool_twoWorkers_threeSchedulesDueRunTwoAtOnce() throws Exception {
        release.drainPermits();
        List<ScheduleDef> defs = List.of(
                every5min("a.md", Misfire.SKIP), every5min("b.md", Misfire.SKIP), every5min("c.md", Misfire.SKIP));
        Scheduler s = scheduler(defs, FailureNotifier.NONE);
        s.tick();
        clock.advance(Duration.ofMinutes(5));
        assertEquals(3, s.tick().size());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ran.size() < 2 && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertEquals(2, ran.size()); // the third waits for a worker
        release.release(3);
        assertTrue(s.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(3, ran.size());
    }
}

package dev.tejun.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.schedule.CronSpec;
import dev.tejun.kernel.schedule.FailureNotifier;
import dev.tejun.kernel.schedule.Misfire;
import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.kernel.schedule.ScheduleDef;
import dev.tejun.kernel.schedule.Scheduler;
import dev.tejun.kernel.schedule.ServiceIdentity;
import dev.tejun.kernel.schedule.Target;
import dev.tejun.kernel.schedule.TargetRunner;
import dev.tejun.server.Json;
import dev.tejun.server.schedules.ScheduleStore;
import dev.tejun.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL tick the same every-second schedule: each fire time runs once, not once per
 * server, because each claims it in {@code sched_fires} first and only the claim that counted runs it; and a fire
 * time is skipped while the other server's run of the schedule still goes.
 */
class ScheduleFiresOnceTest {

    private static final int SECONDS = 30;

    @TempDir
    Path home;

    @Test
    void tick_twoServersOneSchedule_eachFireTimeRunsOnce() throws Exception {
        DatabaseSettings settings = TestDatabases.postgresql(home);
        FakeClock clock = new FakeClock(Instant.parse("2026-12-04T01:00:00Z"));
        AtomicInteger runs = new AtomicInteger();
        try (Database a = Database.open(settings);
                Database b = Database.open(settings)) {
            ScheduleDef every = everySecond();
            TargetRunner counting = (target, params, as) -> {
                runs.incrementAndGet();
                return new RunResult("passed", null, null, null);
            };
            Scheduler first = scheduler(a, "a", clock, every, counting);
            Scheduler second = scheduler(b, "b", clock, every, counting);
            first.tick(); // the first tick of a new schedule anchors its cursor: it has missed nothing
            for (int i = 0; i < SECONDS; i++) {
                clock.advance(Duration.ofSeconds(1));
                // the two tick the same second side by side, as two servers' timers do
                Thread other = Thread.ofVirtual().start(second::tick);
                first.tick();
                other.join();
                // a server skips a fire time while its previous run is still going (by design): let this second's
                // run end on both before the clock moves on, so a skip cannot pass for a lost fire time
                awaitRuns(runs, i + 1);
                while (first.isRunning(every.id()) || second.isRunning(every.id())) {
                    Thread.sleep(5);
                }
            }
            awaitRuns(runs, SECONDS);
            Thread.sleep(300); // a second run of some fire time would come now

            assertEquals(SECONDS, runs.get());
        }
    }

    /**
     * A fire time that comes while the schedule's previous run still goes on the other server is skipped there, as
     * it is on the server running it: one schedule never has two runs at once across the cluster. A run whose
     * server is gone (lease passed) holds nothing back.
     */
    @Test
    void tick_previousRunGoingOnOtherServer_skipsUntilItEndsOrItsServerIsGone() throws Exception {
        DatabaseSettings settings = TestDatabases.postgresql(home);
        FakeClock clock = new FakeClock(Instant.parse("2026-12-04T01:00:00Z"));
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        TargetRunner slow = (target, params, as) -> {
            runs.incrementAndGet();
            release.await();
            return new RunResult("passed", null, null, null);
        };
        try (Database a = Database.open(settings);
                Database b = Database.open(settings)) {
            ServerLeases leases = new ServerLeases(a);
            Instant now = Instant.now();
            for (String name : List.of("a", "b")) {
                leases.beat(new ClusterNode(name, "http://" + name), now, now, now.plus(Duration.ofHours(1)));
            }
            ScheduleDef every = everySecond();
            Scheduler first = scheduler(a, "a", clock, every, slow);
            Scheduler second = scheduler(b, "b", clock, every, slow);
            first.tick(); // anchors the cursor
            clock.advance(Duration.ofSeconds(1));
            assertEquals(List.of(Scheduler.Fired.RAN), what(first.tick()), "a fires the first second");
            awaitRuns(runs, 1);

            clock.advance(Duration.ofSeconds(1));
            assertEquals(
                    List.of(Scheduler.Fired.OVERLAP_SKIPPED),
                    what(second.tick()),
                    "b skips the next second: a's run of the schedule still goes");
            assertEquals(1, runs.get());

            // a dies (its lease passes) with its run still marked running: nothing waits for that run any more
            leases.beat(
                    new ClusterNode("a", "http://a"), now, now, Instant.now().minusSeconds(1));
            clock.advance(Duration.ofSeconds(1));
            assertEquals(List.of(Scheduler.Fired.RAN), what(second.tick()), "b fires once a is gone");
            release.countDown();
            awaitRuns(runs, 2);
            assertTrue(first.awaitIdle(Duration.ofSeconds(20)) && second.awaitIdle(Duration.ofSeconds(20)));
            first.close();
            second.close();
        }
    }

    private static List<String> what(List<Scheduler.Fired> fired) {
        return fired.stream().map(Scheduler.Fired::what).toList();
    }

    private static ScheduleDef everySecond() {
        return new ScheduleDef(
                "every-second",
                ScheduleDef.API,
                new Target("hello.md", null),
                CronSpec.parse("* * * * * ?"),
                ZoneOffset.UTC,
                Map.of(),
                Misfire.RUN_ONCE,
                null,
                ServiceIdentity.SCHEDULER);
    }

    private static Scheduler scheduler(
            Database db, String name, FakeClock clock, ScheduleDef def, TargetRunner runner) {
        return new Scheduler(
                clock,
                () -> List.of(def),
                new ScheduleStore(db, Json.newMapper(), name),
                runner,
                FailureNotifier.NONE,
                4,
                Duration.ofSeconds(30));
    }

    private static void awaitRuns(AtomicInteger runs, int atLeast) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (runs.get() < atLeast && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }
}

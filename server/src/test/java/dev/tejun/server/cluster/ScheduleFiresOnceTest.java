package dev.tejun.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import dev.tejun.server.Json;
import dev.tejun.server.schedules.ScheduleStore;
import dev.tejun.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL tick the same every-second schedule: each fire time runs once, not once per
 * server, because each claims it in {@code sched_fires} first and only the claim that counted runs it.
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
            ScheduleDef every = new ScheduleDef(
                    "every-second",
                    ScheduleDef.API,
                    new Target("hello.md", null),
                    CronSpec.parse("* * * * * ?"),
                    ZoneOffset.UTC,
                    Map.of(),
                    Misfire.RUN_ONCE,
                    null,
                    ServiceIdentity.SCHEDULER);
            Scheduler first = scheduler(a, clock, every, runs);
            Scheduler second = scheduler(b, clock, every, runs);
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

    private static Scheduler scheduler(Database db, FakeClock clock, ScheduleDef def, AtomicInteger runs) {
        return new Scheduler(
                clock,
                () -> List.of(def),
                new ScheduleStore(db, Json.newMapper()),
                (target, params, as) -> {
                    runs.incrementAndGet();
                    return new RunResult("passed", null, null, null);
                },
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

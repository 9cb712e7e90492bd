package dev.tejun.kernel.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.guard.windows.TargetWindows;
import dev.tejun.testing.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A schedule whose runbook obeys a freeze, fired by a fake clock through the folder's calendars. */
class SchedulerWindowsTest {

    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-29T23:50:00Z"));
    private final MemoryLedger ledger = new MemoryLedger();
    private final List<Instant> ranAt = new CopyOnWriteArrayList<>();
    private Scheduler scheduler;

    @TempDir
    Path root;

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private Scheduler scheduler(String policy) throws Exception {
        Files.createDirectories(root.resolve("calendars"));
        Files.writeString(
                root.resolve("calendars/year-end.yaml"),
                "type: block\ntimezone: UTC\nwindows:\n  - from: 2026-12-28\n    to: 2027-01-04T06:00\n");
        Files.writeString(
                root.resolve("nightly.md"),
                "---\nblackouts: [year-end]\nwindow-policy: " + policy + "\n---\n```sh\ntrue\n```\n");
        ScheduleDef daily = new ScheduleDef(
                "file:nightly.md",
                ScheduleDef.FILE,
                new Target("nightly.md"),
                CronSpec.parse("0 0 * * *"),
                ZoneId.of("UTC"),
                Map.of(),
                Misfire.SKIP,
                null);
        TargetRunner runner = (target, params, as) -> {
            ranAt.add(clock.instant());
            return new RunResult("ok", "run-" + ranAt.size(), null, null);
        };
        scheduler = new Scheduler(
                        clock, () -> List.of(daily), ledger, runner, FailureNotifier.NONE, 1, Duration.ofSeconds(30))
                .gate(new TargetWindows(new RunbookFolder(root), ZoneId.of("UTC")));
        return scheduler;
    }

    @Test
    void tick_insideFreeze_defersAndRunsAtItsEnd() throws Exception {
        Scheduler s = scheduler("defer");
        s.tick(); // anchors the cursor
        clock.set(Instant.parse("2026-12-30T00:00:01Z"));
        assertEquals(Scheduler.Fired.WINDOW_DEFERRED, s.tick().getFirst().what());
        assertEquals(
                Instant.parse("2027-01-04T06:00:00Z"),
                s.deferredUntil("file:nightly.md").orElseThrow());
        // the next nights of the freeze do not pile up: the one deferred run stands for them
        clock.set(Instant.parse("2026-12-31T00:00:01Z"));
        assertEquals(Scheduler.Fired.WINDOW_SKIPPED, s.tick().getFirst().what());
        clock.set(Instant.parse("2027-01-04T05:59:59Z"));
        assertEquals(Scheduler.Fired.MISFIRE_SKIPPED, s.tick().getFirst().what());
        clock.set(Instant.parse("2027-01-04T06:00:00Z"));
        List<Scheduler.Fired> fired = s.tick();
        assertEquals(Scheduler.Fired.DEFERRED_RAN, fired.getFirst().what());
        assertEquals(Instant.parse("2026-12-30T00:00:00Z"), fired.getFirst().fireTime());
        assertTrue(s.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(List.of(Instant.parse("2027-01-04T06:00:00Z")), ranAt);
        assertTrue(ledger.entries.getFirst().note().startsWith("deferred to 2027-01-04T06:00:00Z: inside freeze"));
        assertTrue(ledger.entries.getLast().note().startsWith("deferred from 2026-12-30T00:00:00Z"));
    }

    @Test
    void tick_insideFreezeWithSkipPolicy_recordsSkipAndNeverRuns() throws Exception {
        Scheduler s = scheduler("skip");
        s.tick();
        clock.set(Instant.parse("2026-12-30T00:00:01Z"));
        assertEquals(Scheduler.Fired.WINDOW_SKIPPED, s.tick().getFirst().what());
        clock.set(Instant.parse("2027-01-04T06:00:00Z"));
        s.tick();
        assertTrue(s.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(List.of(), ranAt);
        assertTrue(ledger.entries.getFirst().note().endsWith("window-policy is skip"));
    }

    @Test
    void tick_afterFreeze_runsAtFireTime() throws Exception {
        Scheduler s = scheduler("defer");
        clock.set(Instant.parse("2027-01-04T23:59:00Z"));
        s.tick();
        clock.set(Instant.parse("2027-01-05T00:00:01Z"));
        assertEquals(Scheduler.Fired.RAN, s.tick().getFirst().what());
    }

    @Test
    void tick_deferredThenRestart_runsAtFreezeEnd() throws Exception {
        Scheduler before = scheduler("defer");
        before.tick();
        clock.set(Instant.parse("2026-12-30T00:00:01Z"));
        assertEquals(Scheduler.Fired.WINDOW_DEFERRED, before.tick().getFirst().what());
        before.close();
        // the server restarts during the freeze: the new scheduler arms the deferral the ledger kept
        Scheduler after = scheduler("defer");
        assertEquals(
                Instant.parse("2027-01-04T06:00:00Z"),
                after.deferredUntil("file:nightly.md").orElseThrow());
        clock.set(Instant.parse("2027-01-04T06:00:00Z"));
        List<Scheduler.Fired> fired = after.tick();
        assertEquals(Scheduler.Fired.DEFERRED_RAN, fired.getFirst().what());
        assertEquals(Instant.parse("2026-12-30T00:00:00Z"), fired.getFirst().fireTime());
        assertTrue(after.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(List.of(Instant.parse("2027-01-04T06:00:00Z")), ranAt);
        assertTrue(ledger.deferrals.isEmpty(), "ran: no longer kept");
    }
}

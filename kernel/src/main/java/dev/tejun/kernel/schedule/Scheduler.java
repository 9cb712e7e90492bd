package dev.tejun.kernel.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Fires schedules. Time comes only from the injected {@link Clock} and {@link #tick()} does all the deciding, so
 * tests advance a fake clock and call it; {@link #start} adds a driver thread that ticks on the real clock.
 *
 * <p>Runs go to a fixed pool of {@code workers} threads, so a few long runs cannot hold every other schedule back
 * beyond that many, and one schedule never has two runs at once: a fire time that comes while its previous run is
 * still going is recorded as skipped. A fire time more than {@code grace} late (the server was down, or the clock
 * jumped) is a misfire, handled by the schedule's {@link Misfire} policy.
 */
public final class Scheduler implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());
    private static final int COUNT_LIMIT = 1000;

    /** What one tick did for one schedule; tests read it, the server ignores it. */
    public record Fired(String scheduleId, Instant fireTime, String what) {
        public static final String RAN = "ran";
        public static final String MISFIRE_RAN = "misfire-ran";
        public static final String MISFIRE_SKIPPED = "misfire-skipped";
        public static final String OVERLAP_SKIPPED = "overlap-skipped";
    }

    private final Clock clock;
    private final Supplier<List<ScheduleDef>> schedules;
    private final ScheduleLedger ledger;
    private final TargetRunner runner;
    private final FailureNotifier notifier;
    private final Duration grace;
    private final ExecutorService pool;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Object tickLock = new Object();
    private volatile Thread driver;

    public Scheduler(
            Clock clock,
            Supplier<List<ScheduleDef>> schedules,
            ScheduleLedger ledger,
            TargetRunner runner,
            FailureNotifier notifier,
            int workers,
            Duration grace) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        this.clock = clock;
        this.schedules = schedules;
        this.ledger = ledger;
        this.runner = runner;
        this.notifier = notifier;
        this.grace = grace;
        this.pool = Executors.newFixedThreadPool(
                workers, Thread.ofVirtual().name("schedule-run-", 0).factory());
    }

    /** Handles every fire time up to now; returns what it did. */
    public List<Fired> tick() {
        synchronized (tickLock) {
            Instant now = clock.instant();
            List<Fired> done = new ArrayList<>();
            List<ScheduleDef> defs;
            try {
                defs = schedules.get();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "the schedules could not be read; trying again next tick", e);
                return done;
            }
            for (ScheduleDef def : defs) {
                try {
                    tick(def, now).ifPresent(done::add);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "schedule " + def.id() + " could not be handled", e);
                }
            }
            return done;
        }
    }

    private Optional<Fired> tick(ScheduleDef def, Instant now) {
        Optional<Instant> cursor = ledger.cursor(def.id());
        if (cursor.isEmpty()) {
            // A schedule seen for the first time fires from now on; it has missed nothing.
            ledger.advance(def.id(), now);
            return Optional.empty();
        }
        Optional<Instant> firstDue = def.cron().next(cursor.get(), def.zone()).filter(t -> !t.isAfter(now));
        if (firstDue.isEmpty()) {
            return Optional.empty();
        }
        Instant latest = def.cron().last(now, def.zone()).orElse(firstDue.get());
        ledger.advance(def.id(), latest);
        boolean misfire = Duration.between(firstDue.get(), now).compareTo(grace) > 0;
        if (misfire && def.misfire() == Misfire.SKIP) {
            ledger.skipped(
                    def.id(),
                    latest,
                    now,
                    "missed " + missed(def, cursor.get(), latest)
                            + " while the server was down or late; misfire policy is skip");
            return Optional.of(new Fired(def.id(), latest, Fired.MISFIRE_SKIPPED));
        }
        if (!running.add(def.id())) {
            ledger.skipped(def.id(), latest, now, "the previous run of this schedule is still going");
            return Optional.of(new Fired(def.id(), latest, Fired.OVERLAP_SKIPPED));
        }
        String note =
                misfire ? "run once for " + missed(def, cursor.get(), latest) + "; misfire policy is run-once" : null;
        long entry;
        try {
            entry = ledger.started(def.id(), latest, now, note);
            pool.execute(() -> execute(def, latest, entry));
        } catch (RuntimeException e) {
            running.remove(def.id());
            throw e;
        }
        return Optional.of(new Fired(def.id(), latest, misfire ? Fired.MISFIRE_RAN : Fired.RAN));
    }

    private void execute(ScheduleDef def, Instant fireTime, long entry) {
        RunResult result;
        try {
            result = runner.run(def.target(), def.params(), def.runAs());
        } catch (InterruptedException e) {
            result = new RunResult("stopped", null, null, "the scheduler was stopped");
        } catch (RuntimeException e) {
            result = RunResult.notStarted("run failed: " + e);
        }
        try {
            ledger.finished(entry, clock.instant(), result);
            if (!result.ok()) {
                notifier.failed(def, fireTime, result);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "schedule " + def.id() + ": could not record or report the result", e);
        } finally {
            running.remove(def.id());
        }
    }

    private static String missed(ScheduleDef def, Instant cursor, Instant latest) {
        int n = 0;
        Instant t = cursor;
        while (n < COUNT_LIMIT) {
            Optional<Instant> next = def.cron().next(t, def.zone());
            if (next.isEmpty() || next.get().isAfter(latest)) {
                break;
            }
            t = next.get();
            n++;
        }
        return (n >= COUNT_LIMIT ? "at least " + n : String.valueOf(n)) + (n == 1 ? " fire time" : " fire times");
    }

    /** The next fire time after now (what the schedule list shows). */
    public Optional<Instant> nextRun(ScheduleDef def) {
        return def.cron().next(clock.instant(), def.zone());
    }

    public boolean isRunning(String scheduleId) {
        return running.contains(scheduleId);
    }

    /** Waits until no scheduled run is going, or the timeout passes; true when idle. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Ticks every {@code period} on a virtual thread until {@link #close()}. */
    public synchronized void start(Duration period) {
        if (driver != null) {
            return;
        }
        driver = Thread.ofVirtual().name("scheduler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    tick();
                } catch (RuntimeException | Error e) {
                    // whatever one tick hits, the next still comes: a dead driver would stop every schedule for good
                    LOG.log(System.Logger.Level.ERROR, "a scheduler tick failed", e);
                }
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Stops ticking and interrupts what runs (the runner stops its run). */
    @Override
    public void close() {
        Thread d = driver;
        if (d != null) {
            d.interrupt();
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.tejun.kernel.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * still going (here, or on another server sharing the ledger) is recorded as skipped. A fire time more than {@code grace} late (the server was down, or the clock
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
        public static final String WINDOW_DEFERRED = "window-deferred";
        public static final String WINDOW_SKIPPED = "window-skipped";
        public static final String DEFERRED_RAN = "deferred-ran";
    }

    /**
     * Asked before a fire time runs: may this schedule run now? The maintenance windows and freezes its target
     * obeys answer it; without one every time is allowed.
     */
    @FunctionalInterface
    public interface Gate {
        Gate OPEN = (def, now) -> Optional.empty();

        /** Empty to run now; else why not and until when (a null {@code until} skips the fire time). */
        Optional<Hold> hold(ScheduleDef def, Instant now);
    }

    /** A fire time that may not run now: deferred to {@code until}, or skipped when {@code until} is null. */
    public record Hold(Instant until, String reason) {}

    private final Clock clock;
    private final Supplier<List<ScheduleDef>> schedules;
    private final ScheduleLedger ledger;
    private final TargetRunner runner;
    private final FailureNotifier notifier;
    private final Duration grace;
    private final ExecutorService pool;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    /** Fire times waiting for their window, as the ledger keeps them (a restart arms them again). */
    private final Map<String, ScheduleLedger.Deferral> deferred = new ConcurrentHashMap<>();

    private volatile Gate gate = Gate.OPEN;
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
        this.deferred.putAll(ledger.deferrals());
    }

    /** Obeys {@code gate} from the next tick on; returns this scheduler. */
    public Scheduler gate(Gate gate) {
        this.gate = gate;
        return this;
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
        Optional<Fired> due = deferredDue(def, now);
        if (due.isPresent()) {
            return due;
        }
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
        if (!ledger.claim(def.id(), latest)) {
            return Optional.empty(); // another server handles this fire time (and moves the shared cursor)
        }
        ledger.advance(def.id(), latest);
        boolean misfire = Duration.between(firstDue.get(), now).compareTo(grace) > 0;
        if (misfire && def.misfire() == Misfire.SKIP) {
            String why = "missed " + missed(def, cursor.get(), latest)
                    + " while the server was down or late; misfire policy is skip";
            ledger.skipped(def.id(), latest, now, why);
            notifier.misfired(def, latest, why);
            return Optional.of(new Fired(def.id(), latest, Fired.MISFIRE_SKIPPED));
        }
        Optional<Hold> hold = gate.hold(def, now);
        if (hold.isPresent()) {
            return Optional.of(held(def, latest, now, hold.get()));
        }
        String note =
                misfire ? "run once for " + missed(def, cursor.get(), latest) + "; misfire policy is run-once" : null;
        return Optional.of(launch(def, latest, now, note, misfire ? Fired.MISFIRE_RAN : Fired.RAN));
    }

    /** A fire time the gate holds: skipped, or remembered to run when its window opens. */
    private Fired held(ScheduleDef def, Instant fireTime, Instant now, Hold hold) {
        if (hold.until() == null) {
            ledger.skipped(def.id(), fireTime, now, hold.reason() + "; window-policy is skip");
            return new Fired(def.id(), fireTime, Fired.WINDOW_SKIPPED);
        }
        ScheduleLedger.Deferral waiting = deferred.get(def.id());
        if (waiting != null) {
            // one deferred run stands for every fire time of the same closed stretch, as a misfire run-once does
            ledger.skipped(def.id(), fireTime, now, "a run deferred to " + waiting.until() + " is already waiting");
            return new Fired(def.id(), fireTime, Fired.WINDOW_SKIPPED);
        }
        ScheduleLedger.Deferral d = new ScheduleLedger.Deferral(fireTime, hold.until(), hold.reason());
        ledger.defer(def.id(), d);
        deferred.put(def.id(), d);
        ledger.skipped(def.id(), fireTime, now, "deferred to " + hold.until() + ": " + hold.reason());
        return new Fired(def.id(), fireTime, Fired.WINDOW_DEFERRED);
    }

    /** Runs a deferred fire time once its window opened (asking the gate again: windows can change meanwhile). */
    private Optional<Fired> deferredDue(ScheduleDef def, Instant now) {
        ScheduleLedger.Deferral d = deferred.get(def.id());
        if (d == null || now.isBefore(d.until())) {
            return Optional.empty();
        }
        deferred.remove(def.id());
        ledger.undefer(def.id());
        Optional<Hold> hold = gate.hold(def, now);
        if (hold.isPresent()) {
            return Optional.of(held(def, d.fireTime(), now, hold.get()));
        }
        return Optional.of(launch(
                def, d.fireTime(), now, "deferred from " + d.fireTime() + " (" + d.reason() + ")", Fired.DEFERRED_RAN));
    }

    /** The pending deferral of a schedule: when it will run, if one waits. */
    public Optional<Instant> deferredUntil(String scheduleId) {
        return Optional.ofNullable(deferred.get(scheduleId)).map(ScheduleLedger.Deferral::until);
    }

    private Fired launch(ScheduleDef def, Instant latest, Instant now, String note, String what) {
        if (!running.add(def.id())) {
            ledger.skipped(def.id(), latest, now, "the previous run of this schedule is still going");
            return new Fired(def.id(), latest, Fired.OVERLAP_SKIPPED);
        }
        boolean elsewhere;
        try {
            elsewhere = ledger.goingElsewhere(def.id());
        } catch (RuntimeException e) {
            running.remove(def.id());
            throw e;
        }
        if (elsewhere) {
            running.remove(def.id());
            ledger.skipped(def.id(), latest, now, "the previous run of this schedule is still going on another server");
            return new Fired(def.id(), latest, Fired.OVERLAP_SKIPPED);
        }
        long entry;
        try {
            entry = ledger.started(def.id(), latest, now, note);
            pool.execute(() -> execute(def, latest, entry));
        } catch (RuntimeException e) {
            running.remove(def.id());
            throw e;
        }
        return new Fired(def.id(), latest, what);
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

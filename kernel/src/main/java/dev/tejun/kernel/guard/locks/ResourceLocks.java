package dev.tejun.kernel.guard.locks;

import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.session.RunGuard;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The sessions' {@link RunGuard} for resource locks: before a run's first cell it takes every lock the runbook
 * declares, waiting in the queue ({@code lock-policy: queue}, the default) or failing the run at once
 * ({@code refuse}); the locks are let go when the run ends. While a run holds or waits, a virtual thread renews its
 * lease, so a process that dies stops renewing and its locks pass to the next run once the lease runs out.
 */
public final class ResourceLocks implements RunGuard {

    /** How long a lock outlives the last renewal of a process that stopped renewing it. */
    public static final Duration LEASE = Duration.ofSeconds(30);
    /** How often a waiter looks again when nothing in this process woke it (a lock freed by another server). */
    private static final long POLL_MILLIS = 250;
    /** The longest a waiter far back in the queue goes without looking (and renewing its place). */
    private static final long FAR_POLL_MILLIS = 2000;

    private final LockTable table;
    private final Clock clock;
    private final Duration lease;
    private final Object freed;
    /** Counts the releases of this process's runs, so a waiter knows one came while it was trying. */
    private final AtomicLong releases;
    /** Where each waiting run stands, for the API; runs of this process only. */
    private final Map<String, Integer> positions;
    /** Locks whoever started these runs holds already (a flow instance and node): not taken again. */
    private final Set<String> covered;

    public ResourceLocks(LockTable table, Clock clock) {
        this(table, clock, LEASE);
    }

    public ResourceLocks(LockTable table, Clock clock, Duration lease) {
        this(table, clock, lease, new Object(), new AtomicLong(), new ConcurrentHashMap<>(), Set.of());
    }

    private ResourceLocks(
            LockTable table,
            Clock clock,
            Duration lease,
            Object freed,
            AtomicLong releases,
            Map<String, Integer> positions,
            Set<String> covered) {
        this.table = table;
        this.clock = clock;
        this.lease = lease;
        this.freed = freed;
        this.releases = releases;
        this.positions = positions;
        this.covered = Set.copyOf(covered);
    }

    /** The same locks (one queue, one wake-up) for runs whose starter holds {@code keys} already. */
    @Override
    public ResourceLocks covering(Set<String> keys) {
        Set<String> all = new TreeSet<>(covered);
        all.addAll(keys);
        return new ResourceLocks(table, clock, lease, freed, releases, positions, all);
    }

    public LockTable table() {
        return table;
    }

    /** For previews: takes no lock, still answers {@link #busy} (a preview lists the locks a run would meet). */
    @Override
    public RunGuard previewing() {
        ResourceLocks locks = this;
        return new RunGuard() {
            @Override
            public Held enter(
                    String runId, String name, Runbook runbook, Map<String, String> params, BooleanSupplier stopped) {
                return Held.NONE;
            }

            /** Who holds the first lock the run would wait for, e.g. "db:main (run R)"; null when all are free. */
            @Override
            public String busy(String name, Runbook runbook, Map<String, String> params) {
                return locks.holder(runbook, params);
            }
        };
    }

    /** Where run {@code runId} of this process stands in the queue (1 is next), if it waits. */
    public Optional<Integer> position(String runId) {
        return Optional.ofNullable(positions.get(runId));
    }

    @Override
    public Held enter(String runId, String name, Runbook runbook, Map<String, String> params, BooleanSupplier stopped) {
        LockDeclaration declared = declared(runbook);
        if (!declared.any()) {
            return Held.NONE;
        }
        List<String> keys = new ArrayList<>(keys(declared, params));
        keys.removeAll(covered);
        if (keys.isEmpty()) {
            return Held.NONE;
        }
        return acquire(runId, name, keys, declared.policy(), stopped);
    }

    /**
     * The locks {@code cell} declares, taken for the cell alone (its own owner, {@code RUN#CELL}) and let go when it
     * ended; those the run holds for its whole length already are not taken twice.
     */
    @Override
    public Held enterCell(
            String runId,
            String name,
            Runbook runbook,
            CodeCell cell,
            Map<String, String> params,
            BooleanSupplier stopped) {
        LockDeclaration run = declared(runbook);
        LockDeclaration own = LockDeclaration.ofCell(cell, run.policy());
        if (!own.any()) {
            return Held.NONE;
        }
        List<String> keys = new ArrayList<>(keys(own, params));
        keys.removeAll(keys(run, params));
        keys.removeAll(covered);
        if (keys.isEmpty()) {
            return Held.NONE;
        }
        return acquire(runId + "#" + cell.id(), name, keys, own.policy(), stopped);
    }

    /** The first lock the run or one of its cells would wait for now, with who holds it; null when all are free. */
    @Override
    public String busy(String name, Runbook runbook, Map<String, String> params) {
        String held = holder(runbook, params);
        return held == null ? null : "lock " + held + " is held; " + name + " was not started (asked not to wait)";
    }

    private String holder(Runbook runbook, Map<String, String> params) {
        Set<String> keys = new TreeSet<>();
        try {
            LockDeclaration run = declared(runbook);
            keys.addAll(keys(run, params));
            for (CodeCell cell : runbook.codeCells()) {
                keys.addAll(keys(LockDeclaration.ofCell(cell, run.policy()), params));
            }
        } catch (IllegalStateException e) {
            return null; // a declaration that does not resolve: the run itself fails with that message
        }
        keys.removeAll(covered);
        return table.busy(keys, clock.instant());
    }

    private static LockDeclaration declared(Runbook runbook) {
        LockDeclaration declared = LockDeclaration.fromKeys(runbook.metadata().extra());
        if (!declared.problems().isEmpty()) {
            throw new IllegalStateException(declared.problems().getFirst().message());
        }
        return declared;
    }

    private static List<String> keys(LockDeclaration declared, Map<String, String> params) {
        try {
            return declared.resolve(params);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    /** Takes {@code keys} for run {@code runId}, waiting or refusing per {@code policy}; the answer lets go. */
    public Held acquire(
            String runId, String name, List<String> keys, LockDeclaration.Policy policy, BooleanSupplier stopped) {
        boolean queue = policy == LockDeclaration.Policy.QUEUE;
        Thread renewer = Thread.ofVirtual().name("lock-lease-" + runId).start(() -> renew(runId));
        try {
            while (true) {
                long seen = releases.get();
                LockTable.Attempt a = table.tryAcquire(keys, runId, name, clock.instant(), lease.toMillis(), queue);
                if (a.taken()) {
                    positions.remove(runId);
                    return () -> release(runId, renewer);
                }
                if (!queue) {
                    throw new IllegalStateException("refused: lock " + a.heldBy() + " is held and " + name
                            + " says lock-policy: refuse; run it again once that run ended");
                }
                positions.put(runId, a.position());
                if (stopped.getAsBoolean()) {
                    throw new IllegalStateException("stopped while waiting for lock " + a.heldBy());
                }
                await(a.position(), seen);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(runId, renewer);
            throw new IllegalStateException("stopped while waiting for locks " + keys);
        } catch (RuntimeException e) {
            release(runId, renewer);
            throw e;
        }
    }

    /**
     * Waits before the next attempt. A waiter tries again as soon as a run of this process let go often enough that
     * it should be one of the next two (each release moves the queue on by about one): the next takes the lock, the
     * one after learns it is next. The others sleep on, looking again later the further back they are (up to
     * {@link #FAR_POLL_MILLIS}, which also renews their place), so one release does not send a hundred waiters to
     * the database.
     */
    private void await(int position, long seen) throws InterruptedException {
        long deadline = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(
                        position <= 2 ? POLL_MILLIS : Math.min(FAR_POLL_MILLIS, POLL_MILLIS * position));
        synchronized (freed) {
            while (true) {
                long left = deadline - System.nanoTime();
                long now = releases.get();
                if (left <= 0 || (now != seen && position - (now - seen) <= 2)) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(freed, left);
            }
        }
    }

    private void release(String runId, Thread renewer) {
        renewer.interrupt();
        positions.remove(runId);
        table.release(runId);
        synchronized (freed) {
            releases.incrementAndGet();
            freed.notifyAll();
        }
    }

    private void renew(String runId) {
        long every = Math.max(1, lease.toMillis() / 3);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(every);
                table.renew(runId, clock.instant().plus(lease));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a failed renewal is tried again next time; the lease covers two more tries
                System.getLogger(ResourceLocks.class.getName())
                        .log(System.Logger.Level.WARNING, "lock lease of run " + runId + " not renewed", e);
            }
        }
    }
}

package dev.tejun.server.cluster;

import dev.tejun.server.runs.RunIndex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster member's beat: every {@link #every} it renews its {@code servers} row and the rows of the runs it
 * executes, then sweeps: a run whose row nobody renewed within the lease belongs to a dead server (or a killed
 * {@code tejun run}) and is marked interrupted. Every server sweeps; the sweep is one UPDATE, so a run is marked once.
 * The clock is the wall clock whatever the server's clock is: a lease is a matter between processes.
 */
public final class ClusterHeartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterHeartbeat.class);

    private final ClusterNode node;
    private final ServerLeases leases;
    private final RunIndex index;
    private final Supplier<Collection<String>> going;
    private final Duration lease;
    private final Clock clock;
    private final Instant startedAt;
    private final ScheduledExecutorService timer;
    private final List<Runnable> after = new CopyOnWriteArrayList<>();

    private ClusterHeartbeat(
            ClusterNode node,
            ServerLeases leases,
            RunIndex index,
            Supplier<Collection<String>> going,
            Duration lease,
            Clock clock) {
        this.node = node;
        this.leases = leases;
        this.index = index;
        this.going = going;
        this.lease = lease;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("cluster-heartbeat").factory());
    }

    /**
     * Beats now and then every {@link #every(Duration)} of {@code lease}; runs {@code index} starts from now on are
     * held by {@code node}, and {@code going} answers the ids of the runs this server executes now.
     */
    public static ClusterHeartbeat start(
            ClusterNode node, ServerLeases leases, RunIndex index, Supplier<Collection<String>> going, Duration lease) {
        ClusterHeartbeat beat = new ClusterHeartbeat(node, leases, index, going, lease, Clock.systemUTC());
        index.ownedBy(node.name());
        beat.beat();
        long period = every(lease).toMillis();
        beat.timer.scheduleAtFixedRate(beat::beatQuietly, period, period, TimeUnit.MILLISECONDS);
        return beat;
    }

    /**
     * A third of the lease, so two beats can be missed before it ends, and at most 5 s: a server that starts marks
     * interrupted every run not renewed within {@link RunIndex#ALIVE_FOR}.
     */
    public static Duration every(Duration lease) {
        Duration third = lease.dividedBy(3);
        Duration most = Duration.ofSeconds(5);
        return third.compareTo(most) < 0 ? third : most;
    }

    /** Runs {@code task} after every beat from the next one on, on the beat's thread (taking over what died). */
    public void also(Runnable task) {
        after.add(task);
    }

    public ClusterNode node() {
        return node;
    }

    /** How long a server is alive after its last beat. */
    Duration lease() {
        return lease;
    }

    /** Renews this server and its runs, then marks interrupted the runs nobody renewed within the lease. */
    public int beat() {
        Instant now = clock.instant();
        leases.beat(node, startedAt, now, now.plus(lease));
        index.heldAlive(going.get(), node.name(), now);
        int swept = index.interruptUnseen(now.minus(lease), now);
        if (swept > 0) {
            LOG.warn("{} run(s) of a server not heard from for {} s marked interrupted", swept, lease.toSeconds());
        }
        after.forEach(Runnable::run);
        return swept;
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            // the database may be away a moment: the next beat tries again, well within the lease
            LOG.warn("cluster heartbeat of {} failed: {}", node.name(), e.toString());
        }
    }

    /** Stops beating and leaves the list of servers: a clean stop is not a death. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            leases.left(node);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("cluster node {} could not leave the list of servers: {}", node.name(), e.toString());
        }
    }
}

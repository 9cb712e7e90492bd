package dev.tejun.server.runs;

import dev.tejun.cmdb.db.Wakeups;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops of this server's runs asked for through another server on the same database (issue 19). That server finds
 * the run running in the run index but not among its own live runs, and leaves a row in {@code run_stop_requests},
 * as it does for a {@code tejun run} beside it ({@link Runs#stop}), and sends a wake-up (NOTIFY). Here one thread
 * looks for such rows for the runs that go on here when woken, when a run becomes active, and every
 * {@link #SEEN_EVERY} polls as the fallback; it stops the ones asked for, and says now and then that they are alive
 * ({@code seen_at}, every {@link #POLL} at first), which is how the other server tells a held run from one a dead
 * process left behind.
 *
 * <p>Only on a shared (PostgreSQL) database: on SQLite one server owns the data folder, and a run marked alive would
 * outlive a crash and a quick restart ({@link RunIndex#interruptRunning} leaves rows seen lately).
 */
final class RemoteStops implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteStops.class);

    static final Duration POLL = Duration.ofMillis(500);
    /** Polls between two {@code seen_at} writes: well inside {@link RunIndex#ALIVE_FOR}. */
    private static final int SEEN_EVERY = 10;
    /** A new run is said alive in each of its first polls, so a stop asked for at once finds it held. */
    private static final int FIRST_SEEN = 6;

    private final LiveRuns live;
    private final RunIndex index;
    private final Clock clock;
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    /** Polls each run was seen in: its running row may be written a moment after it started, so early ones repeat. */
    private final Map<String, Integer> seenIn = new ConcurrentHashMap<>();

    /** Runs looked up for a stop request since they became active; later only a wake-up looks again. */
    private final Set<String> activeSeen = ConcurrentHashMap.newKeySet();
    /** Woken by a stop request made through any server (NOTIFY); {@link #POLL} is the fallback. */
    private final Wakeups.Signal asked;

    private final Thread thread;

    RemoteStops(LiveRuns live, RunIndex index, Clock clock) {
        this.live = live;
        this.index = index;
        this.clock = clock;
        this.asked = index.stopRequests();
        this.thread = Thread.ofVirtual().name("remote-stops").start(this::watch);
    }

    private void watch() {
        boolean woken = false;
        for (long polls = 0; !Thread.currentThread().isInterrupted(); polls++) {
            try {
                List<LiveRuns.LiveRun> going = live.goingRuns();
                for (LiveRuns.LiveRun run : going) {
                    int seen = seenIn.merge(run.runId(), 1, Integer::sum);
                    if (seen <= FIRST_SEEN || polls % SEEN_EVERY == 0) {
                        index.seen(run.runId(), clock.instant());
                    }
                    // a run queued behind another of its session is stopped when it is the one that runs; asked
                    // for while it was queued, it is looked up as it becomes active
                    boolean becameActive = run.active() && activeSeen.add(run.runId());
                    boolean look = woken || becameActive || polls % SEEN_EVERY == 0;
                    if (look && run.active() && !stopped.contains(run.runId())) {
                        index.stopRequestedBy(run.runId()).ifPresent(by -> stop(run, by));
                    }
                }
                Set<String> ids = going.stream().map(LiveRuns.LiveRun::runId).collect(Collectors.toSet());
                seenIn.keySet().retainAll(ids);
                stopped.retainAll(ids);
                activeSeen.retainAll(ids);
                woken = asked.await(POLL);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("cannot look for stop requests made through other servers", e);
            }
        }
    }

    private void stop(LiveRuns.LiveRun run, String by) {
        stopped.add(run.runId());
        // the server that took the request audited it; here it only takes effect
        LOG.info("run {} stopped at the request of {} through another server", run.runId(), by);
        run.session().interrupt();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}

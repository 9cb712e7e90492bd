package dev.tejun.kernel.alert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Records and decides the events of concurrent posts together: while one post's events are being recorded (in one
 * {@link EventLedger#together} unit, one transaction on the server), the events of the posts that arrive meanwhile
 * queue, and the next of those posts records all of them in the next unit. Under a burst this makes one commit, and
 * one hand-over of the database's writer, per batch instead of per event; a lone post is recorded at once, as before.
 * Events keep their order of arrival. When a batch fails, its events are recorded again one by one, so one bad event
 * fails only its own post.
 */
final class GroupCommit<R> {

    /** At most this many events in one unit, so that one post does not wait behind an unbounded batch. */
    static final int MAX_BATCH = 64;

    private static final class Job<R> {
        final AlertEvent event;
        R result;
        RuntimeException failure;
        boolean done;

        Job(AlertEvent event) {
            this.event = event;
        }
    }

    private final EventLedger ledger;
    private final Function<AlertEvent, R> record;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private final ArrayDeque<Job<R>> queue = new ArrayDeque<>();
    private boolean leading;

    /** @param record records and decides one event; called inside the ledger's unit, one event at a time */
    GroupCommit(EventLedger ledger, Function<AlertEvent, R> record) {
        this.ledger = ledger;
        this.record = record;
    }

    /**
     * What {@code record} answered for each event, in order, once all are committed; each is given to {@code stored}
     * first, even when a later event of the list failed (its failure is thrown after).
     */
    List<R> record(List<AlertEvent> events, java.util.function.Consumer<R> stored) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<Job<R>> mine = new ArrayList<>(events.size());
        for (AlertEvent e : events) {
            mine.add(new Job<>(e));
        }
        lock.lock();
        try {
            queue.addAll(mine);
            while (!mine.getLast().done) {
                if (leading) {
                    finished.awaitUninterruptibly();
                    continue;
                }
                leading = true;
                List<Job<R>> batch = new ArrayList<>();
                while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                    batch.add(queue.poll());
                }
                lock.unlock();
                try {
                    commit(batch);
                } finally {
                    lock.lock();
                    leading = false;
                    finished.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        List<R> out = new ArrayList<>(mine.size());
        RuntimeException failed = null;
        for (Job<R> j : mine) {
            if (j.failure != null) {
                failed = failed == null ? j.failure : failed;
            } else {
                stored.accept(j.result);
                out.add(j.result);
            }
        }
        if (failed != null) {
            throw failed;
        }
        return out;
    }

    /** How many events wait for the next unit (tests). */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void commit(List<Job<R>> batch) {
        try {
            List<R> results = ledger.together(() -> {
                List<R> rs = new ArrayList<>(batch.size());
                for (Job<R> j : batch) {
                    rs.add(record.apply(j.event));
                }
                return rs;
            });
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result = results.get(i);
                batch.get(i).done = true;
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().failure = e;
                batch.getFirst().done = true;
                return;
            }
            for (Job<R> j : batch) {
                commit(List.of(j)); // nothing of the batch was kept: each alone, so only the bad one fails
            }
        }
    }
}

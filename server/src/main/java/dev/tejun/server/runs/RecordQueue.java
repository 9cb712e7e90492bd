package dev.tejun.server.runs;

import dev.tejun.server.audit.AuditLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of run starts and ends on their way to the database, written by one thread in the order they came,
 * many in one transaction (a group commit): the run index's rows and the audit entries of everything waiting commit
 * together, and the audit log's head file is written once per batch instead of once per entry. Under load a batch
 * grows, so the writer keeps up where one transaction per record fell behind without limit.
 *
 * <p>The queue is bounded ({@link #CAPACITY}): when the database cannot keep up (or the disk is full), whoever adds
 * a record waits — a session's next run, a socket's next message — rather than memory growing. A batch that fails
 * (a full disk) is tried again every {@link RunRecords#RETRY_EVERY}, whole, with the later records behind it: a run's
 * end is never written before its start, and nothing is dropped.
 */
final class RecordQueue {

    private static final Logger LOG = LoggerFactory.getLogger(RecordQueue.class);

    /** Records that may wait; at two per run, the starts and ends of ~2,000 runs. */
    static final int CAPACITY = 4096;

    /** Records per transaction at most. */
    static final int BATCH = 512;

    /**
     * One record: {@code prepare} is called on the writer's thread before the transaction (it may read files) and
     * answers what to write; {@code written} runs once that is committed (null for nothing).
     */
    record Entry(String what, java.util.function.Supplier<Write> prepare, Runnable written) {}

    /** A record's write to the run index ({@code row}, null for none) and its audit entry (null for none). */
    record Write(Runnable row, AuditLog.Draft audit) {}

    private final AuditLog audit;
    private final RunIndex index;
    private final Duration retryEvery;
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Object idle = new Object();
    /** Records added and not yet written (queued, or in the batch being written); guarded by {@link #idle}. */
    private long unwritten;

    RecordQueue(AuditLog audit, RunIndex index, Duration retryEvery) {
        this.audit = audit;
        this.index = index;
        this.retryEvery = retryEvery;
        Thread.ofVirtual().name("run-records").start(this::writeForever);
    }

    /** Queues {@code entry}, waiting while the queue is full; an interrupt does not drop it (it is kept for later). */
    void add(Entry entry) {
        synchronized (idle) {
            unwritten++;
        }
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(entry);
                break;
            } catch (InterruptedException e) {
                interrupted = true; // a stop of the session that ended this run: the record is written all the same
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until every record added so far is written, or {@code deadline} ({@link System#nanoTime}) passed. */
    boolean awaitWritten(long deadline) {
        synchronized (idle) {
            while (unwritten > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    idle.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void writeForever() {
        List<Entry> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, BATCH - 1);
            write(batch);
            synchronized (idle) {
                unwritten -= batch.size();
                idle.notifyAll();
            }
            batch.clear();
        }
    }

    /** Writes {@code batch} in one transaction, trying again until it is written. */
    private void write(List<Entry> batch) {
        List<Runnable> rows = new ArrayList<>(batch.size());
        List<AuditLog.Draft> entries = new ArrayList<>(batch.size());
        for (Entry e : batch) {
            Write w;
            try {
                w = e.prepare().get();
            } catch (RuntimeException ex) {
                // only a bug gets here (reading evidence back has its own fallback): the writer must go on
                LOG.error("could not {}: record left out", e.what(), ex);
                continue;
            }
            if (w.row() != null) {
                rows.add(w.row());
            }
            if (w.audit() != null) {
                entries.add(w.audit());
            }
        }
        boolean failedBefore = false;
        while (true) {
            try {
                index.together(() -> {
                    rows.forEach(Runnable::run);
                    if (!entries.isEmpty()) {
                        audit.appendAll(entries);
                    }
                });
                break;
            } catch (RuntimeException e) {
                if (!failedBefore) {
                    LOG.warn(
                            "could not {} (and {} more records); trying again",
                            batch.getFirst().what(),
                            batch.size() - 1,
                            e);
                    failedBefore = true;
                }
                try {
                    Thread.sleep(retryEvery);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
        for (Entry e : batch) {
            if (e.written() != null) {
                try {
                    e.written().run();
                } catch (RuntimeException ex) {
                    LOG.warn("after {}", e.what(), ex);
                }
            }
        }
    }
}

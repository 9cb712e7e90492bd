package dev.tejun.kernel.session;

import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.OutputGap;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * A session's events in order, numbered from 1. Readers pull with {@link #since(long, int)} at their own pace,
 * so a slow browser never slows a cell down and never makes the server buffer without limit: the log keeps
 * a bounded tail (by characters of output, by count, and by its share of what all sessions may hold together:
 * {@link RetainedEvents}) and tells a reader who fell behind, with an
 * {@link OutputGap}, that earlier events were left out.
 *
 * <p>It is also the session's one event stream: each event is numbered and kept here, then handed once, in seq
 * order, to the sinks that {@link #subscribe subscribed}, in the order they did. A session subscribes its evidence
 * recorder first (which keeps everything), so a printer or a browser subscribed later never sees an event that
 * evidence does not have yet.
 */
public final class EventLog {

    /** What a reader gets: events in order, and the seq to ask after next time. */
    public record Batch(List<Event> events, long lastSeq) {}

    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Sinks are called outside {@link #lock}, one event at a time in seq order: an appender waits here for its turn
     * ({@link #delivered} one below its seq). Readers wait here too, for events whose sinks have run.
     */
    private final ReentrantLock delivery = new ReentrantLock();

    private final Condition deliveredOne = delivery.newCondition();
    /**
     * The last event every sink has been handed; readers see no event after it, so a browser never sees an event
     * that evidence does not have yet. Written under {@link #delivery}, read under either lock.
     */
    private volatile long delivered;

    private final Tail retained = new Tail();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final long maxOutputChars;
    private final int maxEvents;
    private final Clock clock;
    private final RetainedEvents.Account budget;
    private long lastSeq;
    private long retainedOutputChars;
    /** UTF-8 bytes of all output appended so far. */
    private long outputBytes;
    /**
     * The running total of output bytes after each of the last {@link #HISTORY} evicted events (at {@code seq %
     * HISTORY}), so a reader who fell behind is told how many bytes it missed; made at the first eviction.
     */
    private long[] evictedTotals;

    /** How far behind the tail a reader may be and still be told exactly how much output it missed. */
    static final int HISTORY = 4096;

    public EventLog(Clock clock, long maxOutputChars, int maxEvents) {
        this(clock, maxOutputChars, maxEvents, RetainedEvents.shared());
    }

    EventLog(Clock clock, long maxOutputChars, int maxEvents, RetainedEvents shared) {
        this.clock = clock;
        this.maxOutputChars = maxOutputChars;
        this.maxEvents = maxEvents;
        this.budget = shared.open(this);
    }

    /**
     * 2 M characters of output: far more than a browser shows, and small enough that a flood does not fill the old
     * generation. Every young collection copies what the tail holds at that moment, and survivor space is too small
     * for it, so it is promoted and dies there: with 4 M the old generation grew ~38 MB during a 100 MiB flood.
     * And 10,000 events: short lines are small but many, and 100,000 kept per session (~15 MB of small objects)
     * grew the heap of a server with 50 busy notebooks for its first ten minutes (bench/soak).
     */
    public EventLog(Clock clock) {
        this(clock, 2L << 20, 10_000);
    }

    /**
     * Numbers and stores one event and hands it to every sink. {@code make} receives the seq; sinks are called in
     * seq order on the appending thread, after the log's lock is let go (a reader is not held up while evidence
     * writes a file), and before readers see the event.
     */
    public <E extends Event> E append(LongFunction<E> make) {
        E event = store(make);
        delivery.lock();
        try {
            while (delivered != event.seq() - 1) {
                deliveredOne.awaitUninterruptibly(); // an event before it is still with the sinks
            }
        } finally {
            delivery.unlock();
        }
        // this event's turn: no other appender calls a sink until it is marked delivered
        try {
            for (Consumer<Event> listener : listeners) {
                listener.accept(event);
            }
        } finally {
            // readers and the next appender go on even when a sink threw
            delivery.lock();
            try {
                delivered = event.seq();
                deliveredOne.signalAll();
            } finally {
                delivery.unlock();
            }
        }
        return event;
    }

    private <E extends Event> E store(LongFunction<E> make) {
        E event;
        lock.lock();
        try {
            event = make.apply(lastSeq + 1);
            if (event.seq() != lastSeq + 1) {
                throw new IllegalArgumentException("event seq " + event.seq() + " but expected " + (lastSeq + 1));
            }
            lastSeq = event.seq();
            if (event instanceof CellOutput out) {
                retainedOutputChars += out.text().length();
                outputBytes += utf8Length(out.text());
            }
            retained.addLast(event, outputBytes);
            budget.add(weight(event));
            evict();
        } finally {
            lock.unlock();
        }
        return event;
    }

    private void evict() {
        long share = budget.shareWhenOver();
        while (retained.size() > maxEvents
                || retainedOutputChars > maxOutputChars
                || (budget.held() > share && retained.size() > 1)) {
            if (evictedTotals == null) {
                evictedTotals = new long[HISTORY];
            }
            evictedTotals[(int) (retained.peekFirst().seq() % HISTORY)] = retained.firstTotal();
            Event gone = retained.removeFirst();
            budget.add(-weight(gone));
            if (gone instanceof CellOutput out) {
                retainedOutputChars -= out.text().length();
            }
        }
    }

    /**
     * An event's heap, roughly: the record with its instant (~96 bytes; run and cell ids are shared strings) plus an
     * output's characters. Only compared with the shared budget, so rough is enough.
     */
    private static long weight(Event event) {
        return event instanceof CellOutput out ? 96L + out.text().length() : 96L;
    }

    /** Gives this log's share of the shared budget back; the session is over and nobody reads its tail again. */
    public void close() {
        budget.close();
    }

    /** Events after {@code seq}, at most {@code max}; an {@link OutputGap} first when some were already evicted. */
    public Batch since(long seq, int max) {
        lock.lock();
        try {
            long visible = delivered; // not the events still with the sinks
            List<Event> out = new ArrayList<>((int) Math.max(1, Math.min(max, visible - seq + 1)));
            long first = retained.isEmpty() ? lastSeq + 1 : retained.peekFirst().seq();
            if (seq + 1 < first) {
                out.add(new OutputGap(first - 1, clock.instant(), null, null, droppedBytes(seq, first - 1)));
            }
            // seqs in the tail are consecutive, so the reader's place is found by arithmetic, not by a scan of
            // up to 100,000 events under the lock the appending cell waits for
            for (long i = Math.max(0, seq + 1 - first);
                    i < retained.size() && out.size() < max && first + i <= visible;
                    i++) {
                out.add(retained.get((int) i));
            }
            long last = out.isEmpty() ? Math.max(seq, first - 1) : out.getLast().seq();
            return new Batch(out, last);
        } finally {
            lock.unlock();
        }
    }

    /**
     * UTF-8 bytes of the output in the evicted events after {@code seq} up to {@code lastEvicted}; -1 when the reader
     * is more than {@link #HISTORY} events behind, where the total it had is no longer known.
     */
    private long droppedBytes(long seq, long lastEvicted) {
        if (seq > 0 && seq <= lastEvicted - HISTORY) {
            return -1;
        }
        long before = seq <= 0 ? 0 : evictedTotals[(int) (seq % HISTORY)];
        return evictedTotals[(int) (lastEvicted % HISTORY)] - before;
    }

    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Blocks until an event after {@code seq} exists or the timeout passes; true when there is one. */
    public boolean awaitAfter(long seq, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        delivery.lock();
        try {
            while (delivered <= seq) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = deliveredOne.awaitNanos(nanos);
            }
            return true;
        } finally {
            delivery.unlock();
        }
    }

    /** The last event readers can see (its sinks have run). */
    public long lastSeq() {
        return delivered;
    }

    /**
     * Calls {@code listener} for every event appended from now on, after the sinks that subscribed before it;
     * returns a handle that stops it.
     */
    public AutoCloseable subscribe(Consumer<Event> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The retained events, oldest first, in a ring that grows as needed: append at the end, evict at the front, read by index. */
    private static final class Tail {
        private Event[] ring = new Event[64];
        /** The output bytes appended up to and including each event. */
        private long[] totals = new long[64];

        private int head;
        private int size;

        void addLast(Event e, long total) {
            if (size == ring.length) {
                Event[] bigger = new Event[ring.length * 2];
                long[] biggerTotals = new long[ring.length * 2];
                for (int i = 0; i < size; i++) {
                    bigger[i] = ring[(head + i) % ring.length];
                    biggerTotals[i] = totals[(head + i) % ring.length];
                }
                ring = bigger;
                totals = biggerTotals;
                head = 0;
            }
            ring[(head + size) % ring.length] = e;
            totals[(head + size) % ring.length] = total;
            size++;
        }

        long firstTotal() {
            return totals[head];
        }

        Event removeFirst() {
            Event e = ring[head];
            ring[head] = null;
            head = (head + 1) % ring.length;
            size--;
            return e;
        }

        Event peekFirst() {
            return ring[head];
        }

        Event get(int i) {
            return ring[(head + i) % ring.length];
        }

        int size() {
            return size;
        }

        boolean isEmpty() {
            return size == 0;
        }
    }
}

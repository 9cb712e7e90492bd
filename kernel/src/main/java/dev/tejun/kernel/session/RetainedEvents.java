package dev.tejun.kernel.session;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the retained tails of every session's {@link EventLog} may hold together, in estimated bytes of heap. Each log
 * keeps its own caps (characters of output, count of events); this one keeps fifty busy notebooks from holding fifty
 * full tails: once the sum passes the limit, the log that appends trims itself to its fair share (the limit divided
 * by the logs alive). Evidence keeps every event; the tail only serves browsers that re-attach, and tells them with an
 * {@link dev.tejun.kernel.event.OutputGap} what it left out.
 *
 * <p>A log gives its weight back when it is closed, or when it is collected without being closed (a {@link Cleaner}),
 * so a session that was never closed cannot shrink every other session's tail for the rest of the process.
 */
public final class RetainedEvents {

    /**
     * 16 MB for every session together: with 50 busy notebooks each keeps ~2,000 recent events, and the server's live
     * heap stops growing within the first minute (bench/soak). One notebook alone still keeps its own full caps.
     */
    static final long DEFAULT_LIMIT = 16L << 20;

    /** A log never trims itself below this for the budget's sake: a re-attaching browser still sees its last cells. */
    static final long MIN_SHARE = 64L << 10;

    private static final RetainedEvents SHARED = new RetainedEvents(DEFAULT_LIMIT);
    private static final Cleaner CLEANER = Cleaner.create();

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicInteger logs = new AtomicInteger();

    RetainedEvents(long limit) {
        this.limit = limit;
    }

    /** The budget every session of this process shares. */
    static RetainedEvents shared() {
        return SHARED;
    }

    /** Counts one more log; the returned account is what it adds to and gives back. */
    Account open(Object owner) {
        logs.incrementAndGet();
        Account account = new Account(this);
        account.cleanable = CLEANER.register(owner, account::release);
        return account;
    }

    long used() {
        return used.get();
    }

    /**
     * What a log holding {@code held} should trim itself to, or {@code Long.MAX_VALUE} while the logs together are
     * within the limit.
     */
    long shareWhenOver() {
        if (used.get() <= limit) {
            return Long.MAX_VALUE;
        }
        return Math.max(MIN_SHARE, limit / Math.max(1, logs.get()));
    }

    /** One log's part of the budget; its state is apart from the log so the cleaner does not keep the log alive. */
    static final class Account {
        private final RetainedEvents budget;
        private final AtomicLong held = new AtomicLong();
        private volatile boolean released;
        private Cleaner.Cleanable cleanable;

        private Account(RetainedEvents budget) {
            this.budget = budget;
        }

        void add(long weight) {
            if (!released) {
                held.addAndGet(weight);
                budget.used.addAndGet(weight);
            }
        }

        long held() {
            return held.get();
        }

        /** See {@link RetainedEvents#shareWhenOver()}. */
        long shareWhenOver() {
            return budget.shareWhenOver();
        }

        /** Gives the log's weight back and stops counting it; once, whether closed or collected. */
        synchronized void release() {
            if (!released) {
                released = true;
                budget.used.addAndGet(-held.getAndSet(0));
                budget.logs.decrementAndGet();
            }
        }

        void close() {
            cleanable.clean();
        }
    }
}

package dev.tejun.server.auth;

import dev.tejun.cmdb.db.Wakeups;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The role names of users as {@link UserStore#roleNames} last read them, so that a socket message (a cell run) does
 * not read the users table each time. Every write to users through this process drops them all ({@link #changed}),
 * so a role taken away here counts from the next message on. On a database shared with other servers their writes
 * send a wake-up ({@code users_changed}, NOTIFY at commit) that drops them too, checked at every lookup; a lost
 * listener connection wakes every watcher as well, and no answer is kept longer than {@link #LONGEST} in case a
 * wake-up went missing without the connection noticing.
 */
final class KnownRoles {

    /** The longest a remembered answer is used on a shared database. */
    static final Duration LONGEST = Duration.ofSeconds(1);

    private record Known(Set<String> roles, long readAt) {}

    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    /** Writes through other servers; null when this process is the one writer (SQLite). */
    private final Wakeups.Signal elsewhere;

    private final long longestNanos;

    KnownRoles(Wakeups.Signal elsewhere, Duration longest) {
        this.elsewhere = elsewhere;
        this.longestNanos = longest.toNanos();
    }

    /** The roles of {@code name}, remembered or else read with {@code read} (and remembered when nothing changed). */
    Set<String> of(String name, Function<String, Set<String>> read) {
        if (elsewhere != null && changedElsewhere()) {
            changed();
        }
        Known k = known.get(name);
        long now = System.nanoTime();
        if (k != null && (elsewhere == null || now - k.readAt() < longestNanos)) {
            return k.roles();
        }
        long before = changes.get();
        Set<String> roles = read.apply(name);
        synchronized (known) {
            if (changes.get() == before) { // no change since it was read: not an answer from before a change
                known.put(name, new Known(roles, now));
            }
        }
        return roles;
    }

    /** After any write to users (committed): roles are read from the table again. */
    void changed() {
        synchronized (known) {
            changes.incrementAndGet();
            known.clear();
        }
    }

    /** Whether a wake-up came since the last look (without waiting). */
    private boolean changedElsewhere() {
        try {
            return elsewhere.await(Duration.ZERO);
        } catch (InterruptedException e) { // not thrown: a zero wait does not wait
            Thread.currentThread().interrupt();
            return true;
        }
    }
}

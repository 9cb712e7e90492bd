package dev.tejun.server.auth;

import dev.tejun.cmdb.db.Wakeups;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users disabled, deleted or demoted through another server on the same PostgreSQL database: that server closes the
 * sockets it holds, and here one thread, woken by the change (NOTIFY) or every {@link #FALLBACK} at the latest, reads
 * again the users that hold sockets open on this server and closes those they may no longer hold
 * ({@link OpenSockets#recheck}). On SQLite one server owns the users table and closes the sockets itself.
 */
final class UserChanges implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UserChanges.class);
    /** The longest a change waits when a wake-up was lost (the listener's connection dropped). */
    static final Duration FALLBACK = Duration.ofSeconds(5);

    private final UserStore users;
    private final OpenSockets open;
    private final Wakeups.Signal changed;
    private final Thread thread;

    private UserChanges(UserStore users, OpenSockets open) {
        this.users = users;
        this.open = open;
        this.changed = users.changes();
        this.thread = Thread.ofVirtual().name("user-changes").start(this::watch);
    }

    /** Watches on a shared database; on any other a handle that does nothing. */
    static AutoCloseable watch(UserStore users, OpenSockets open) {
        return users.shared() ? new UserChanges(users, open) : () -> {};
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                changed.await(FALLBACK);
                for (String name : open.users()) {
                    open.recheck(name, users.find(name).map(User::roles).orElse(null));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("reading users changed elsewhere failed; trying again", e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(Duration.ofSeconds(2));
    }
}

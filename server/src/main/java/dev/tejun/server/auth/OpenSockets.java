package dev.tejun.server.auth;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The WebSockets each user holds open (notebook sessions and {@code /ws/flows}), so that disabling or deleting a
 * user, or taking a role away, closes them at once: a socket was admitted with the roles of its handshake, and a
 * user who lost them must reconnect (and be checked again) rather than go on listening. On a database shared by
 * several servers a change made through another one reaches these sockets through {@link UserChanges}.
 */
public final class OpenSockets {

    /** Closes one socket, saying why. */
    @FunctionalInterface
    public interface Closer {
        void close(int code, String reason);
    }

    /** Policy violation: the close code a browser shows for "you may no longer be here". */
    public static final int POLICY = 1008;

    /** One open socket and the roles its handshake admitted it with. */
    private record Open(Closer closer, Set<Role> roles) {}

    private final Map<String, Set<Open>> byUser = new ConcurrentHashMap<>();

    /**
     * Registers an open socket of {@code user}, admitted with {@code roles}; closing the handle forgets it (call it
     * when the socket closes).
     */
    public AutoCloseable opened(String user, Set<Role> roles, Closer closer) {
        Open open = new Open(closer, Set.copyOf(roles));
        byUser.computeIfAbsent(user, k -> ConcurrentHashMap.newKeySet()).add(open);
        return () -> byUser.computeIfPresent(user, (k, set) -> {
            set.remove(open);
            return set.isEmpty() ? null : set;
        });
    }

    /** Closes every open socket of {@code user}; answers how many there were. */
    public int closeAll(String user, String reason) {
        return close(user, open -> true, reason);
    }

    /**
     * Closes the sockets of {@code user} admitted with a role that {@code now} lacks, or all of them when {@code now}
     * is null (the user is disabled or gone); answers how many it closed.
     */
    public int recheck(String user, Set<Role> now) {
        return now == null
                ? closeAll(user, "user disabled")
                : close(user, open -> !now.containsAll(open.roles()), "roles changed; reconnect");
    }

    /** The users holding sockets open now. */
    public Set<String> users() {
        return Set.copyOf(byUser.keySet());
    }

    private int close(String user, Predicate<Open> which, String reason) {
        Set<Open> open = byUser.get(user);
        if (open == null) {
            return 0;
        }
        int closed = 0;
        for (Open o : open) {
            if (which.test(o) && open.remove(o)) {
                closed++;
                try {
                    o.closer().close(POLICY, reason);
                } catch (RuntimeException ignored) {
                    // already closing on its own
                }
            }
        }
        byUser.computeIfPresent(user, (k, set) -> set.isEmpty() ? null : set);
        return closed;
    }

    /** How many sockets {@code user} holds open now. */
    public int count(String user) {
        Set<Open> open = byUser.get(user);
        return open == null ? 0 : open.size();
    }
}

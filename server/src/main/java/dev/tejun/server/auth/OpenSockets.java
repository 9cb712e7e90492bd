package dev.tejun.server.auth;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSockets each user holds open (notebook sessions and {@code /ws/flows}), so that disabling or deleting a
 * user, or taking a role away, closes them at once: a socket was admitted with the roles of its handshake, and a
 * user who lost them must reconnect (and be checked again) rather than go on listening.
 */
public final class OpenSockets {

    /** Closes one socket, saying why. */
    @FunctionalInterface
    public interface Closer {
        void close(int code, String reason);
    }

    /** Policy violation: the close code a browser shows for "you may no longer be here". */
    public static final int POLICY = 1008;

    private final Map<String, Set<Closer>> byUser = new ConcurrentHashMap<>();

    /** Registers an open socket of {@code user}; closing the handle forgets it (call it when the socket closes). */
    public AutoCloseable opened(String user, Closer closer) {
        byUser.computeIfAbsent(user, k -> ConcurrentHashMap.newKeySet()).add(closer);
        return () -> byUser.computeIfPresent(user, (k, set) -> {
            set.remove(closer);
            return set.isEmpty() ? null : set;
        });
    }

    /** Closes every open socket of {@code user}; answers how many there were. */
    public int closeAll(String user, String reason) {
        Set<Closer> open = byUser.remove(user);
        if (open == null) {
            return 0;
        }
        for (Closer c : open) {
            try {
                c.close(POLICY, reason);
            } catch (RuntimeException ignored) {
                // already closing on its own
            }
        }
        return open.size();
    }

    /** How many sockets {@code user} holds open now. */
    public int count(String user) {
        Set<Closer> open = byUser.get(user);
        return open == null ? 0 : open.size();
    }
}

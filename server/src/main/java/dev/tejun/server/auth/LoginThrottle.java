package dev.tejun.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing, per user name and per client address: the first {@link #FREE} failures cost
 * nothing, each further one doubles the wait before the next attempt is even checked, and after {@link #LOCK}
 * failures the name (or address) is locked for {@link #LOCK_TIME}. A success clears the name's count.
 */
public final class LoginThrottle {

    static final int FREE = 3;
    static final int LOCK = 10;
    static final Duration LOCK_TIME = Duration.ofMinutes(15);
    static final Duration MAX_DELAY = Duration.ofMinutes(5);

    private record Failures(int count, Instant last) {
    }

    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Null when an attempt may be checked now, else the message that says why not and for how long. */
    public String refusal(String user, String address) {
        String u = refusal("user " + user, failures.get("u:" + user));
        return u != null ? u : refusal("address " + address, failures.get("a:" + address));
    }

    public void failed(String user, String address) {
        Instant now = clock.instant();
        failures.merge("u:" + user, new Failures(1, now), (a, b) -> new Failures(a.count() + 1, now));
        failures.merge("a:" + address, new Failures(1, now), (a, b) -> new Failures(a.count() + 1, now));
    }

    public void succeeded(String user) {
        failures.remove("u:" + user);
    }

    /** An admin lifts a lock-out of the user (the addresses it came from stay slowed). */
    public void unlock(String user) {
        failures.remove("u:" + user);
    }

    /** Whether the user's sign-in is locked out now. */
    public boolean locked(String user) {
        Failures f = failures.get("u:" + user);
        return f != null && f.count() >= LOCK && clock.instant().isBefore(f.last().plus(LOCK_TIME));
    }

    private String refusal(String who, Failures f) {
        if (f == null || f.count() < FREE) {
            return null;
        }
        Instant now = clock.instant();
        if (f.count() >= LOCK) {
            Instant until = f.last().plus(LOCK_TIME);
            return now.isBefore(until) ? "sign-in locked for " + who + " after " + f.count()
                    + " failed attempts; try again in " + minutes(Duration.between(now, until)) + " minutes" : null;
        }
        Duration delay = Duration.ofSeconds(1L << Math.min(20, f.count() - FREE));
        delay = delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
        Instant next = f.last().plus(delay);
        return now.isBefore(next) ? "too many failed sign-ins for " + who + "; wait "
                + Math.max(1, Duration.between(now, next).toSeconds()) + " s before trying again" : null;
    }

    private static long minutes(Duration d) {
        return Math.max(1, (d.toSeconds() + 59) / 60);
    }
}

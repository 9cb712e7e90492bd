package dev.tejun.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing, per user name and per client address: the first {@link #FREE} failures cost
 * nothing, each further one doubles the wait before the next attempt is even checked, and after {@link #LOCK}
 * failures the name is locked for {@link #LOCK_TIME}. An address gets {@link #ADDRESS_FACTOR} times as many. A
 * success clears the name's count; an admin can lift a name's or an address's lock.
 */
public final class LoginThrottle {

    static final int FREE = 3;
    static final int LOCK = 10;
    /**
     * An address is shared by everybody behind one NAT or proxy, so it takes ten times the failures a name does
     * before it is slowed or locked: one user who forgot a password locks only their own name, not the office.
     */
    static final int ADDRESS_FACTOR = 10;

    static final Duration LOCK_TIME = Duration.ofMinutes(15);
    static final Duration MAX_DELAY = Duration.ofMinutes(5);
    /**
     * How many names and addresses the throttle remembers. Guesses with made-up names from many addresses would
     * otherwise grow the map without end; past this size, entries that no longer slow anybody are forgotten first,
     * then the oldest that are not locked. A locked entry is never forgotten early: flooding the map must not lift a
     * lock (and the address throttle bounds how many locks one address can cause).
     */
    static final int MAX_ENTRIES = 10_000;

    private record Failures(int count, Instant last) {}

    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Null when an attempt may be checked now, else the message that says why not and for how long. */
    public String refusal(String user, String address) {
        String u = refusal("user " + user, failures.get("u:" + user), 1);
        return u != null ? u : refusal("address " + address, failures.get("a:" + address), ADDRESS_FACTOR);
    }

    public void failed(String user, String address) {
        Instant now = clock.instant();
        failures.merge("u:" + user, new Failures(1, now), (a, b) -> new Failures(a.count() + 1, now));
        failures.merge("a:" + address, new Failures(1, now), (a, b) -> new Failures(a.count() + 1, now));
        if (failures.size() > MAX_ENTRIES) {
            prune(now);
        }
    }

    /** How many names and addresses are remembered now. */
    int remembered() {
        return failures.size();
    }

    private synchronized void prune(Instant now) {
        // Idle longer than a lock lasts and the longest delay: such an entry slows nobody now.
        Instant stale = now.minus(LOCK_TIME).minus(MAX_DELAY);
        failures.entrySet().removeIf(e -> e.getValue().last().isBefore(stale));
        int over = failures.size() - MAX_ENTRIES * 9 / 10;
        if (over <= 0) {
            return;
        }
        failures.entrySet().stream()
                .filter(e -> !lockedNow(e.getKey(), e.getValue(), now))
                .sorted(java.util.Comparator.comparing(e -> e.getValue().last()))
                .limit(over)
                .map(Map.Entry::getKey)
                .toList()
                .forEach(failures::remove);
    }

    private static boolean lockedNow(String key, Failures f, Instant now) {
        int lock = key.startsWith("a:") ? LOCK * ADDRESS_FACTOR : LOCK;
        return f.count() >= lock && now.isBefore(f.last().plus(LOCK_TIME));
    }

    public void succeeded(String user) {
        failures.remove("u:" + user);
    }

    /** An admin lifts a lock-out of the user (the addresses it came from stay slowed). */
    public void unlock(String user) {
        failures.remove("u:" + user);
    }

    /** An admin lifts the lock (and the slowing) of a client address. True when it had one. */
    public boolean unlockAddress(String address) {
        return failures.remove("a:" + address) != null;
    }

    /** A client address that failed often enough to be slowed or locked. */
    public record AddressLock(String address, int failures, boolean locked, Instant lastFailure) {}

    /** The addresses slowed or locked now, for an admin to see and lift. */
    public java.util.List<AddressLock> addressLocks() {
        Instant now = clock.instant();
        return failures.entrySet().stream()
                .filter(e -> e.getKey().startsWith("a:"))
                .filter(e -> refusal("", e.getValue(), ADDRESS_FACTOR) != null
                        || e.getValue().count() >= LOCK * ADDRESS_FACTOR
                                && now.isBefore(e.getValue().last().plus(LOCK_TIME)))
                .map(e -> new AddressLock(
                        e.getKey().substring(2),
                        e.getValue().count(),
                        e.getValue().count() >= LOCK * ADDRESS_FACTOR,
                        e.getValue().last()))
                .sorted(java.util.Comparator.comparing(AddressLock::address))
                .toList();
    }

    /** Whether the user's sign-in is locked out now. */
    public boolean locked(String user) {
        Failures f = failures.get("u:" + user);
        return f != null
                && f.count() >= LOCK
                && clock.instant().isBefore(f.last().plus(LOCK_TIME));
    }

    private String refusal(String who, Failures f, int factor) {
        if (f == null || f.count() < FREE * factor) {
            return null;
        }
        Instant now = clock.instant();
        if (f.count() >= LOCK * factor) {
            Instant until = f.last().plus(LOCK_TIME);
            return now.isBefore(until)
                    ? "sign-in locked for " + who + " after " + f.count() + " failed attempts; try again in "
                            + minutes(Duration.between(now, until)) + " minutes"
                    : null;
        }
        Duration delay = Duration.ofSeconds(1L << Math.min(20, (f.count() - FREE * factor) / factor));
        delay = delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
        Instant next = f.last().plus(delay);
        return now.isBefore(next)
                ? "too many failed sign-ins for " + who + "; wait "
                        + Math.max(1, Duration.between(now, next).toSeconds()) + " s before trying again"
                : null;
    }

    private static long minutes(Duration d) {
        return Math.max(1, (d.toSeconds() + 59) / 60);
    }
}

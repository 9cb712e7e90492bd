package dev.tejun.server.auth;

import dev.tejun.cmdb.db.Database;
import dev.tejun.server.audit.ServerSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Slows down password guessing, per user name and per client address: the first {@link #FREE} failures cost
 * nothing, each further one doubles the wait before the next attempt is even checked, and after {@link #LOCK}
 * failures the name is locked for {@link #LOCK_TIME}. An address gets {@link #ADDRESS_FACTOR} times as many. A
 * success clears the name's count; an admin can lift a name's or an address's lock.
 *
 * <p>The counts live in the database ({@code login_failures}), so every server sharing it counts the same guesses:
 * spreading them over the servers behind a load balancer gains an attacker nothing, and a restart lifts no lock. A
 * failure is one upsert that adds one, never a read then a write, so two servers counting at once lose no failure.
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
     * otherwise grow the table without end; past this size, entries that no longer slow anybody are forgotten first,
     * then the oldest that are not locked. A locked entry is never forgotten early: flooding the table must not lift
     * a lock (and the address throttle bounds how many locks one address can cause).
     */
    static final int MAX_ENTRIES = 10_000;

    private record Failures(int count, Instant last) {}

    private final Database db;
    private final Clock clock;
    private final int maxEntries;

    public LoginThrottle(Database db, Clock clock) {
        this(db, clock, MAX_ENTRIES);
    }

    /** With room for {@code maxEntries} names and addresses: a test floods a smaller table than a server keeps. */
    LoginThrottle(Database db, Clock clock, int maxEntries) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** Null when an attempt may be checked now, else the message that says why not and for how long. */
    public String refusal(String user, String address) {
        Map<String, Failures> f = load("u:" + user, "a:" + address);
        String u = refusal("user " + user, f.get("u:" + user), 1);
        return u != null ? u : refusal("address " + address, f.get("a:" + address), ADDRESS_FACTOR);
    }

    public void failed(String user, String address) {
        Instant now = clock.instant();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO login_failures"
                    + " (throttle_key, failures, last_failure) VALUES (?, 1, ?) ON CONFLICT (throttle_key)"
                    + " DO UPDATE SET failures = login_failures.failures + 1, last_failure = excluded.last_failure")) {
                for (String key : List.of("u:" + user, "a:" + address)) {
                    ps.setString(1, key);
                    ps.setLong(2, now.toEpochMilli());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (count(c) > maxEntries) {
                prune(c, now);
            }
            return null;
        });
    }

    /** How many names and addresses are remembered now. */
    int remembered() {
        return db.read(LoginThrottle::count);
    }

    private static int count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM login_failures");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void prune(Connection c, Instant now) throws SQLException {
        // Idle longer than a lock lasts and the longest delay: such an entry slows nobody now.
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_failures WHERE last_failure < ?")) {
            ps.setLong(1, now.minus(LOCK_TIME).minus(MAX_DELAY).toEpochMilli());
            ps.executeUpdate();
        }
        int over = count(c) - maxEntries * 9 / 10;
        if (over <= 0) {
            return;
        }
        // the oldest that are not locked now: a name locked from LOCK failures, an address from LOCK * FACTOR
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_failures WHERE throttle_key IN"
                + " (SELECT throttle_key FROM login_failures WHERE last_failure < ? OR failures <"
                + " CASE WHEN throttle_key LIKE 'a:%' THEN ? ELSE ? END ORDER BY last_failure LIMIT ?)")) {
            ps.setLong(1, now.minus(LOCK_TIME).toEpochMilli());
            ps.setInt(2, LOCK * ADDRESS_FACTOR);
            ps.setInt(3, LOCK);
            ps.setInt(4, over);
            ps.executeUpdate();
        }
    }

    public void succeeded(String user) {
        forget("u:" + user);
    }

    /** An admin lifts a lock-out of the user (the addresses it came from stay slowed). */
    public void unlock(String user) {
        forget("u:" + user);
    }

    /** An admin lifts the lock (and the slowing) of a client address. True when it had one. */
    public boolean unlockAddress(String address) {
        return forget("a:" + address) > 0;
    }

    private int forget(String key) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_failures WHERE throttle_key = ?")) {
                ps.setString(1, key);
                return ps.executeUpdate();
            }
        });
    }

    /** A client address that failed often enough to be slowed or locked. */
    public record AddressLock(String address, int failures, boolean locked, Instant lastFailure) {}

    /**
     * The addresses locked now or slowed, for an admin to see and lift. An address stays slowed once its wait has
     * passed: each further failure from it makes the next attempt wait again, so it is listed until it has been
     * quiet for a lock time (a list that showed it only during its one-second wait would hide it from the admin).
     */
    public List<AddressLock> addressLocks() {
        // a slowed address's wait (at most MAX_DELAY) ends within its lock time too
        long since = clock.instant().minus(LOCK_TIME).toEpochMilli();
        return db.read(c -> {
            List<AddressLock> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT throttle_key, failures, last_failure"
                    + " FROM login_failures WHERE throttle_key LIKE 'a:%' AND failures >= ? AND last_failure > ?"
                    + " ORDER BY throttle_key")) {
                ps.setInt(1, FREE * ADDRESS_FACTOR);
                ps.setLong(2, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int failures = rs.getInt(2);
                        out.add(new AddressLock(
                                rs.getString(1).substring(2),
                                failures,
                                failures >= LOCK * ADDRESS_FACTOR,
                                Instant.ofEpochMilli(rs.getLong(3))));
                    }
                }
            }
            return out;
        });
    }

    /** Whether the user's sign-in is locked out now. */
    public boolean locked(String user) {
        Failures f = load("u:" + user).get("u:" + user);
        return f != null
                && f.count() >= LOCK
                && clock.instant().isBefore(f.last().plus(LOCK_TIME));
    }

    private Map<String, Failures> load(String... keys) {
        return db.read(c -> {
            Map<String, Failures> out = new HashMap<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT failures, last_failure FROM login_failures WHERE throttle_key = ?")) {
                for (String key : keys) {
                    ps.setString(1, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            out.put(key, new Failures(rs.getInt(1), Instant.ofEpochMilli(rs.getLong(2))));
                        }
                    }
                }
            }
            return out;
        });
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

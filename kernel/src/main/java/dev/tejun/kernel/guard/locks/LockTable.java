package dev.tejun.kernel.guard.locks;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.Dialect;
import dev.tejun.kernel.flow.state.FlowStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code resource_locks} and {@code resource_lock_waits} tables. Every change is one statement that holds on
 * its own on SQLite and PostgreSQL alike (an insert that fails on a taken key, an update guarded by the lease), so
 * two processes cannot both take a lock; several locks are taken in one transaction, all or none.
 */
public final class LockTable {

    /** A held lock, as {@code GET /api/locks} lists it. */
    public record Holder(String lock, String runId, String runbook, Instant since, Instant leaseUntil) {}

    /** A run waiting for a lock; {@code position} 1 is next. */
    public record Waiter(String lock, String runId, String runbook, Instant since, int position) {}

    /** What one attempt came to: taken, or the place in the queue and who holds what it waits for. */
    public record Attempt(boolean taken, int position, String heldBy) {}

    /** Another process took a lock between this one's read and write: roll back and try again. */
    private static final class Lost extends RuntimeException {
        Lost() {
            super(null, null, false, false);
        }
    }

    /** A lock the fast path could not take: roll back what it took, and look closer. */
    private static final class Busy extends RuntimeException {
        Busy() {
            super(null, null, false, false);
        }
    }

    private static final Attempt TAKEN = new Attempt(true, 0, null);

    /**
     * Takes one lock in one statement: inserts the row, or takes over one whose lease ran out (or that the owner
     * holds already), unless a live waiter queued before the owner. On PostgreSQL the insert waits for a concurrent
     * insert of the same key to commit and then checks the guard against that row, so no duplicate-key race.
     */
    private static final String TAKE = """
            INSERT INTO resource_locks (lock_key, owner, runbook, acquired_at, lease_until)
            SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (
              SELECT 1 FROM resource_lock_waits w
              WHERE w.lock_key = ? AND w.seen_until > ? AND w.owner <> ?
                AND w.id < COALESCE(
                    (SELECT MIN(m.id) FROM resource_lock_waits m WHERE m.lock_key = ? AND m.owner = ?), w.id + 1))
            ON CONFLICT (lock_key) DO UPDATE SET owner = excluded.owner, runbook = excluded.runbook,
              acquired_at = excluded.acquired_at, lease_until = excluded.lease_until
            WHERE resource_locks.lease_until <= ? OR resource_locks.owner = ?""";

    private final Database db;
    private final boolean postgresql;
    /** Runs of this process that have a row in the queue; the others need no queue clean-up (one statement less). */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    public LockTable(Database db) {
        this.db = db;
        this.postgresql = db.dialect() == Dialect.POSTGRESQL;
        db.migrate(FlowStore.SCHEMA);
    }

    /**
     * Takes every lock in {@code keys} for {@code owner} when none is held by another live owner and no live waiter
     * queued before {@code owner}; else queues {@code owner} for them (or renews its place) unless {@code join} is
     * false (the refuse policy, which never queues).
     */
    public Attempt tryAcquire(
            List<String> keys, String owner, String runbook, Instant now, long leaseMillis, boolean join) {
        long t = now.toEpochMilli();
        if (takeAll(keys, owner, runbook, now, t + leaseMillis)) {
            return TAKEN;
        }
        try {
            return db.write(c -> {
                String heldBy = null;
                int ahead = 0;
                for (String key : keys) {
                    String holder = liveHolder(c, key, t);
                    if (holder != null && !holder.equals(owner)) {
                        heldBy = heldBy == null ? key + " (run " + holder + ")" : heldBy;
                        ahead = Math.max(ahead, 1 + waitersAhead(c, key, owner, t));
                    } else {
                        int before = waitersAhead(c, key, owner, t);
                        if (before > 0) {
                            heldBy = heldBy == null ? key + " (queued runs first)" : heldBy;
                            ahead = Math.max(ahead, before);
                        }
                    }
                }
                if (heldBy == null) {
                    for (String key : keys) {
                        take(c, key, owner, runbook, now, t + leaseMillis);
                    }
                    update(c, "DELETE FROM resource_lock_waits WHERE owner = ?", owner);
                    queued.remove(owner);
                    return TAKEN;
                }
                if (join) {
                    queue(c, keys, owner, runbook, now, t + leaseMillis);
                    queued.add(owner);
                }
                return new Attempt(false, ahead, heldBy);
            });
        } catch (Lost e) {
            return new Attempt(false, 1, "a lock another process took at the same moment");
        } catch (RuntimeException e) {
            if (isDuplicateKey(e)) {
                return new Attempt(false, 1, "a lock another process took at the same moment");
            }
            throw e;
        }
    }

    /**
     * The fast path, the whole attempt when the locks are free: one statement per lock (and the queue row cleared
     * only when this run had one), so taking a free lock costs one round trip and a commit on PostgreSQL.
     */
    private boolean takeAll(List<String> keys, String owner, String runbook, Instant now, long lease) {
        long t = now.toEpochMilli();
        try {
            return db.write(c -> {
                relaxed(c);
                for (String key : keys) {
                    Object[] args = {key, owner, runbook, now.toString(), lease, key, t, owner, key, owner, t, owner};
                    if (update(c, TAKE, args) != 1) {
                        throw new Busy();
                    }
                }
                if (queued.remove(owner)) {
                    update(c, "DELETE FROM resource_lock_waits WHERE owner = ?", owner);
                }
                return true;
            });
        } catch (Busy e) {
            return false;
        }
    }

    /**
     * On PostgreSQL, lock changes commit without waiting for the WAL to reach the disk: the lock rows are then as
     * durable as every row on SQLite (WAL with synchronous=NORMAL): a crash of the database server may lose the
     * last moment of changes, never corrupt them. Waiting for the flush was most of an acquire's time.
     */
    private void relaxed(Connection c) throws SQLException {
        if (postgresql) {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit TO off");
            }
        }
    }

    /** Keeps {@code owner}'s locks and places in the queue alive until {@code until}. */
    public void renew(String owner, Instant until) {
        db.write(c -> {
            relaxed(c);
            update(c, "UPDATE resource_locks SET lease_until = ? WHERE owner = ?", until.toEpochMilli(), owner);
            update(c, "UPDATE resource_lock_waits SET seen_until = ? WHERE owner = ?", until.toEpochMilli(), owner);
            return null;
        });
    }

    /** Lets go of everything {@code owner} holds or waits for. */
    public void release(String owner) {
        db.write(c -> {
            relaxed(c);
            update(c, "DELETE FROM resource_locks WHERE owner = ?", owner);
            if (queued.remove(owner)) {
                update(c, "DELETE FROM resource_lock_waits WHERE owner = ?", owner);
            }
            return null;
        });
    }

    /**
     * The first of {@code keys} another run holds now (with its holder) or runs queue for, or null when all are free:
     * a look, not a claim, for a caller that would rather be told than wait.
     */
    public String busy(Collection<String> keys, Instant now) {
        for (Holder h : holders(now)) {
            if (keys.contains(h.lock())) {
                return h.lock() + " (run " + h.runId() + ")";
            }
        }
        for (Waiter w : waiters(now)) {
            if (keys.contains(w.lock())) {
                return w.lock() + " (runs queued for it)";
            }
        }
        return null;
    }

    public List<Holder> holders(Instant now) {
        return db.read(c -> {
            List<Holder> out = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT lock_key, owner, runbook, acquired_at, lease_until FROM resource_locks"
                            + " WHERE lease_until > ? ORDER BY lock_key")) {
                ps.setLong(1, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Holder(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                Instant.parse(rs.getString(4)),
                                Instant.ofEpochMilli(rs.getLong(5))));
                    }
                }
            }
            return out;
        });
    }

    public List<Waiter> waiters(Instant now) {
        return db.read(c -> {
            List<Waiter> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT lock_key, owner, runbook, since FROM resource_lock_waits WHERE seen_until > ?"
                            + " ORDER BY lock_key, id")) {
                ps.setLong(1, now.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    String key = null;
                    int n = 0;
                    while (rs.next()) {
                        n = rs.getString(1).equals(key) ? n + 1 : 1;
                        key = rs.getString(1);
                        out.add(new Waiter(key, rs.getString(2), rs.getString(3), Instant.parse(rs.getString(4)), n));
                    }
                }
            }
            return out;
        });
    }

    private static String liveHolder(Connection c, String key, long now) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT owner FROM resource_locks WHERE lock_key = ? AND lease_until > ?")) {
            ps.setString(1, key);
            ps.setLong(2, now);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Live waiters queued for {@code key} before {@code owner} (all of them when it is not queued yet). */
    private static int waitersAhead(Connection c, String key, String owner, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT COUNT(*) FROM resource_lock_waits w
                WHERE w.lock_key = ? AND w.seen_until > ? AND w.owner <> ?
                  AND w.id < COALESCE(
                      (SELECT MIN(m.id) FROM resource_lock_waits m WHERE m.lock_key = ? AND m.owner = ?),
                      w.id + 1)""")) {
            ps.setString(1, key);
            ps.setLong(2, now);
            ps.setString(3, owner);
            ps.setString(4, key);
            ps.setString(5, owner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void take(Connection c, String key, String owner, String runbook, Instant now, long lease)
            throws SQLException {
        // a lock row left by a dead process (its lease ran out) is taken over; a live one of another owner never
        int changed = update(
                c,
                "UPDATE resource_locks SET owner = ?, runbook = ?, acquired_at = ?, lease_until = ?"
                        + " WHERE lock_key = ? AND (lease_until <= ? OR owner = ?)",
                owner,
                runbook,
                now.toString(),
                lease,
                key,
                now.toEpochMilli(),
                owner);
        if (changed == 1) {
            return;
        }
        if (liveHolder(c, key, now.toEpochMilli()) != null) {
            throw new Lost();
        }
        update(
                c,
                "INSERT INTO resource_locks (lock_key, owner, runbook, acquired_at, lease_until) VALUES (?, ?, ?, ?, ?)",
                key,
                owner,
                runbook,
                now.toString(),
                lease);
    }

    private static void queue(Connection c, List<String> keys, String owner, String runbook, Instant now, long seen)
            throws SQLException {
        if (update(c, "UPDATE resource_lock_waits SET seen_until = ? WHERE owner = ?", seen, owner) > 0) {
            return;
        }
        for (String key : keys) {
            update(
                    c,
                    "INSERT INTO resource_lock_waits (lock_key, owner, runbook, since, seen_until) VALUES (?, ?, ?, ?, ?)",
                    key,
                    owner,
                    runbook,
                    now.toString(),
                    seen);
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof Long l) {
                    ps.setLong(i + 1, l);
                } else {
                    ps.setString(i + 1, (String) args[i]);
                }
            }
            return ps.executeUpdate();
        }
    }

    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("unique") || m.contains("duplicate key") || m.contains("primary key")) {
                return true;
            }
        }
        return false;
    }
}

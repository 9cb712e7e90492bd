package dev.tejun.server.notify;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.Dialect;
import dev.tejun.server.audit.ServerSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code notify_deliveries} table: each message to a channel, pending while tried, then sent or failed. */
public final class Deliveries {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    /** Taken by a server that is sending it now; one left so longer than {@link #LEASE} was cut off by a stop. */
    public static final String SENDING = "sending";
    /** Longer than any send may take (a webhook times out after 10 s, a mail after 50 s). */
    static final java.time.Duration LEASE = java.time.Duration.ofMinutes(2);

    /** One delivery as listed; {@code reason} is the last failure's, null once sent. */
    public record Delivery(
            String id,
            String subscription,
            String channel,
            String event,
            String subject,
            String status,
            int attempts,
            String reason,
            String createdAt,
            String updatedAt) {}

    private final Database db;
    /** This server's name in the cluster, written with each delivery it takes; null alone (SQLite). */
    private final String self;

    public Deliveries(Database db) {
        this(db, null);
    }

    Deliveries(Database db, String self) {
        this.db = db;
        this.self = self;
        db.migrate(ServerSchema.SCHEMA);
    }

    /**
     * A delivery a stopped server left pending, with the notice it carries as JSON (null for a row written before
     * deliveries kept it) and when it was last tried or written.
     */
    record Left(String id, String subscription, String status, int attempts, String notice, String updatedAt) {}

    /**
     * A new pending delivery {@code id} carrying {@code notice} (the notice as JSON, so a restart can send it); false
     * when a delivery of that id is there already (made by another server, or before a restart).
     */
    boolean pending(String id, String subscription, String channel, Notice n, String notice, Instant at) {
        return db.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO notify_deliveries (id, subscription_id, channel,"
                            + " event, subject, status, attempts, reason, created_at, updated_at, notice)"
                            + " VALUES (?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                ps.setString(1, id);
                ps.setString(2, subscription);
                ps.setString(3, channel);
                ps.setString(4, n.kind().wire());
                ps.setString(5, n.subject());
                ps.setString(6, PENDING);
                ps.setString(7, at.toString());
                ps.setString(8, at.toString());
                ps.setString(9, notice);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Takes a pending delivery for its next try: true for the one server (and the one timer) whose {@code attempts}
     * matches, so a delivery two servers could both go on with is sent by one.
     */
    boolean take(String id, int attemptsBefore, Instant at) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE notify_deliveries SET status = ?, updated_at = ?,"
                    + " taken_by = ? WHERE id = ? AND status = ? AND attempts = ?")) {
                ps.setString(1, SENDING);
                ps.setString(2, at.toString());
                ps.setString(3, self);
                ps.setString(4, id);
                ps.setString(5, PENDING);
                ps.setInt(6, attemptsBefore);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** After a try: its status (pending while it will be tried again), the count of tries and the reason. */
    void tried(String id, String status, int attempts, String reason, Instant at) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE notify_deliveries SET status = ?, attempts = ?,"
                    + " reason = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, status);
                ps.setInt(2, attempts);
                ps.setString(3, reason == null ? null : reason.length() > 2000 ? reason.substring(0, 2000) : reason);
                ps.setString(4, at.toString());
                ps.setString(5, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The deliveries still pending, oldest first, and those taken for a send longer ago than {@link #LEASE} (the
     * server sending them stopped mid-send): at start, what a stopped server could not finish. One being sent by a
     * live server is not among them. On SQLite, where one server holds the database, every one taken for a send was
     * taken by a server that is gone (killed mid-send): it is sent again at once.
     */
    List<Left> leftPending(Instant now) {
        return left(now, true);
    }

    /**
     * The deliveries taken for a send by a server of the cluster that died meanwhile (its lease passed, or it never
     * beat and the send is older than a lease): sent again now, not only after {@link #LEASE}. Empty alone (SQLite),
     * where {@link #leftPending} at start finds them all.
     */
    List<Left> cutOff(Instant now) {
        return db.dialect() == Dialect.POSTGRESQL ? left(now, false) : List.of();
    }

    private List<Left> left(Instant now, boolean pendingToo) {
        boolean alone = db.dialect() != Dialect.POSTGRESQL;
        return db.read(c -> {
            List<Left> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.subscription_id, d.status, d.attempts,"
                    + " d.notice, d.updated_at, d.taken_by, s.lease_until FROM notify_deliveries d"
                    + " LEFT JOIN servers s ON s.name = d.taken_by WHERE d.status IN (?, ?)"
                    + " ORDER BY d.created_at, d.id")) {
                ps.setString(1, pendingToo ? PENDING : SENDING);
                ps.setString(2, SENDING);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Left left = new Left(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getInt(4),
                                rs.getString(5),
                                rs.getString(6));
                        if (left.status().equals(PENDING)
                                || alone
                                || Instant.parse(left.updatedAt()).plus(LEASE).isBefore(now)
                                || takerGone(rs.getString(7), rs.getString(8), left.updatedAt(), now)) {
                            out.add(left);
                        }
                    }
                }
            }
            return out;
        });
    }

    /**
     * Whether the server that took a delivery for a send is gone: another server whose lease passed, or that has no
     * lease row and took it longer than {@link #TAKER_GRACE} ago (a server takes deliveries before its first beat).
     */
    private boolean takerGone(String takenBy, String leaseUntil, String updatedAt, Instant now) {
        if (takenBy == null || takenBy.equals(self)) {
            return false; // taken before takers were written (the lease decides), or this server is sending it
        }
        return leaseUntil != null
                ? Instant.parse(leaseUntil).isBefore(now)
                : Instant.parse(updatedAt).plus(TAKER_GRACE).isBefore(now);
    }

    static final java.time.Duration TAKER_GRACE = java.time.Duration.ofSeconds(30);

    /**
     * Takes over a left delivery: true when it is still as {@code left} saw it, so of two servers starting on one
     * database only one goes on with it; a cut-off send is pending again.
     */
    boolean claim(Left left, Instant at) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE notify_deliveries SET status = ?, updated_at = ?"
                    + " WHERE id = ? AND status = ? AND updated_at = ?")) {
                ps.setString(1, PENDING);
                ps.setString(2, at.toString());
                ps.setString(3, left.id());
                ps.setString(4, left.status());
                ps.setString(5, left.updatedAt());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The newest first, at most {@code limit}. */
    public List<Delivery> recent(int limit) {
        return db.read(c -> {
            List<Delivery> out = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT id, subscription_id, channel, event, subject, status,"
                            + " attempts, reason, created_at, updated_at FROM notify_deliveries"
                            + " ORDER BY created_at DESC, id LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Delivery(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getInt(7),
                                rs.getString(8),
                                rs.getString(9),
                                rs.getString(10)));
                    }
                }
            }
            return out;
        });
    }
}

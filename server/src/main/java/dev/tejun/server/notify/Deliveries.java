package dev.tejun.server.notify;

import dev.tejun.cmdb.db.Database;
import dev.tejun.server.audit.ServerSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The {@code notify_deliveries} table: each message to a channel, pending while tried, then sent or failed. */
public final class Deliveries {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";

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

    public Deliveries(Database db) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
    }

    /**
     * A delivery a stopped server left pending, with the notice it carries as JSON (null for a row written before
     * deliveries kept it) and when it was last tried or written.
     */
    record Left(String id, String subscription, int attempts, String notice, String updatedAt) {}

    /** A new pending delivery carrying {@code notice} (the notice as JSON, so a restart can send it); its id. */
    String pending(String subscription, String channel, Notice n, String notice, Instant at) {
        String id = UUID.randomUUID().toString();
        db.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO notify_deliveries (id, subscription_id, channel,"
                            + " event, subject, status, attempts, reason, created_at, updated_at, notice)"
                            + " VALUES (?, ?, ?, ?, ?, ?, 0, NULL, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, subscription);
                ps.setString(3, channel);
                ps.setString(4, n.kind().wire());
                ps.setString(5, n.subject());
                ps.setString(6, PENDING);
                ps.setString(7, at.toString());
                ps.setString(8, at.toString());
                ps.setString(9, notice);
                ps.executeUpdate();
            }
            return null;
        });
        return id;
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

    /** The deliveries still pending, oldest first: at start, those a stopped server could not finish. */
    List<Left> leftPending() {
        return db.read(c -> {
            List<Left> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, subscription_id, attempts, notice, updated_at"
                    + " FROM notify_deliveries WHERE status = ? ORDER BY created_at, id")) {
                ps.setString(1, PENDING);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Left(
                                rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Takes over a left delivery: true when it is still pending as {@code left} saw it, so of two servers starting on
     * one database only one sends it.
     */
    boolean claim(Left left, Instant at) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE notify_deliveries SET updated_at = ?"
                    + " WHERE id = ? AND status = ? AND updated_at = ?")) {
                ps.setString(1, at.toString());
                ps.setString(2, left.id());
                ps.setString(3, PENDING);
                ps.setString(4, left.updatedAt());
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

package dev.tejun.server.schedules;

import dev.tejun.cmdb.db.Database;
import dev.tejun.server.audit.ServerSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * The activations of schedules declared in files ({@code sched_activations}): who activated which schedule text
 * over which content, and whether a later change suspended it.
 */
final class ActivationStore implements AutoCloseable {

    /** One activation; {@code suspendedAt} and {@code suspendedWhy} are null while it holds. */
    record Activation(
            String scheduleId,
            String cron,
            String contentHash,
            String activatedBy,
            Instant activatedAt,
            Instant suspendedAt,
            String suspendedWhy) {}

    private final Database db;

    ActivationStore(Database db) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
    }

    Optional<Activation> find(String scheduleId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT schedule_id, cron, content_hash, activated_by, "
                    + "activated_at, suspended_at, suspended_why FROM sched_activations WHERE schedule_id = ?")) {
                ps.setString(1, scheduleId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Activation(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            Instant.parse(rs.getString(5)),
                            rs.getString(6) == null ? null : Instant.parse(rs.getString(6)),
                            rs.getString(7)));
                }
            }
        });
    }

    /** Activates (or activates again, lifting a suspension). */
    void activate(String scheduleId, String cron, String contentHash, String user, Instant at) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sched_activations (schedule_id, cron, content_hash, activated_by, activated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (schedule_id) DO UPDATE SET cron = excluded.cron, content_hash = excluded.content_hash,
                  activated_by = excluded.activated_by, activated_at = excluded.activated_at,
                  suspended_at = NULL, suspended_why = NULL""")) {
                ps.setString(1, scheduleId);
                ps.setString(2, cron);
                ps.setString(3, contentHash);
                ps.setString(4, user);
                ps.setString(5, at.toString());
                return ps.executeUpdate();
            }
        });
    }

    /** Suspends an activation that holds; false when there is none or it is suspended already. */
    boolean suspend(String scheduleId, Instant at, String why) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sched_activations SET suspended_at = ?, "
                    + "suspended_why = ? WHERE schedule_id = ? AND suspended_at IS NULL")) {
                ps.setString(1, at.toString());
                ps.setString(2, why);
                ps.setString(3, scheduleId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Forgets an activation; false when there was none. */
    boolean deactivate(String scheduleId) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sched_activations WHERE schedule_id = ?")) {
                ps.setString(1, scheduleId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The database is the process's, closed by whoever opened it. */
    @Override
    public void close() {}
}

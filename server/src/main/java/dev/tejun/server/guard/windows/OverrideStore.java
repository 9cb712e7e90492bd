package dev.tejun.server.guard.windows;

import dev.tejun.cmdb.db.Database;
import dev.tejun.server.audit.ServerSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code window_overrides} table: who let which runbook or flow run outside its windows, why, until when. */
public final class OverrideStore {

    /** One granted override. */
    public record Override(
            long id, String target, String grantedBy, String reason, Instant grantedAt, Instant expiresAt) {}

    private final Database db;

    public OverrideStore(Database db) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
    }

    /** Times are stored as ISO text to whole seconds, so text order is time order. */
    public Override grant(String target, String by, String reason, Instant at, Instant expires) {
        Instant from = at.truncatedTo(ChronoUnit.SECONDS);
        Instant until = expires.truncatedTo(ChronoUnit.SECONDS);
        long id = db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO window_overrides (target, granted_by, reason, granted_at, expires_at)
                    VALUES (?, ?, ?, ?, ?) RETURNING id""")) {
                ps.setString(1, target);
                ps.setString(2, by);
                ps.setString(3, reason);
                ps.setString(4, from.toString());
                ps.setString(5, until.toString());
                return Database.returnedId(ps);
            }
        });
        return new Override(id, target, by, reason, from, until);
    }

    /** The override of {@code target} valid at {@code now} that lasts longest, if any. */
    public Optional<Override> valid(String target, Instant now) {
        return list(target, now).stream().findFirst();
    }

    /** The overrides still valid at {@code now} (of one target, or of all when {@code target} is null). */
    public List<Override> list(String target, Instant now) {
        return db.read(c -> {
            List<Override> out = new ArrayList<>();
            String sql = "SELECT id, target, granted_by, reason, granted_at, expires_at FROM window_overrides"
                    + " WHERE expires_at > ?" + (target == null ? "" : " AND target = ?")
                    + " ORDER BY expires_at DESC, id DESC";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, now.truncatedTo(ChronoUnit.SECONDS).toString());
                if (target != null) {
                    ps.setString(2, target);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Override(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                Instant.parse(rs.getString(5)),
                                Instant.parse(rs.getString(6))));
                    }
                }
            }
            return out;
        });
    }
}

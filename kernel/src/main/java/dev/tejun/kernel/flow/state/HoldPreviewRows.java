package dev.tejun.kernel.flow.state;

import dev.tejun.cmdb.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * The table {@code hold_previews}: where each hold point's preview stands, in the database every server shares, so
 * the server an approver asks need not be the one that made it. One row per hold, written as its preview is begun,
 * kept or fails.
 */
public final class HoldPreviewRows {

    /** One hold's row: {@code state} making, ready or failed. */
    public record Row(String state, String maker, String reason, String preview) {}

    private final Database db;

    HoldPreviewRows(Database db) {
        this.db = db;
    }

    /** The preview of {@code hold} is being made by {@code maker} (HOST PID START). */
    public void making(String hold, String maker) {
        put(hold, "making", maker, null, null);
    }

    public void ready(String hold, String preview) {
        put(hold, "ready", null, null, preview);
    }

    public void failed(String hold, String reason) {
        put(hold, "failed", null, reason, null);
    }

    public Optional<Row> get(String hold) {
        return db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT state, maker, reason, preview FROM hold_previews WHERE hold = ?")) {
                ps.setString(1, hold);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                            : Optional.<Row>empty();
                }
            }
        });
    }

    private void put(String hold, String state, String maker, String reason, String preview) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO hold_previews (hold, state, maker, reason,"
                    + " preview, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hold) DO UPDATE SET"
                    + " state = excluded.state, maker = excluded.maker, reason = excluded.reason,"
                    + " preview = excluded.preview, updated_at = excluded.updated_at")) {
                ps.setString(1, hold);
                ps.setString(2, state);
                ps.setString(3, maker);
                ps.setString(4, reason);
                ps.setString(5, preview);
                ps.setString(6, Instant.now().toString());
                ps.executeUpdate();
            }
            return null;
        });
    }
}

package dev.tejun.server.guard.windows;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.schedule.ScheduleLedger.Deferral;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code schedule_deferrals} table: scheduled fire times waiting for their maintenance window, one per schedule,
 * so a server restarted during a freeze arms them again (the schedules' ledger keeps them through this).
 */
public final class DeferralTable {

    private final Database db;

    /** Over a database the server schema was migrated on. */
    public DeferralTable(Database db) {
        this.db = db;
    }

    public void put(String scheduleId, Deferral d) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO schedule_deferrals (schedule_id, fire_time, until_at, reason) VALUES (?, ?, ?, ?)
                    ON CONFLICT (schedule_id) DO UPDATE SET fire_time = excluded.fire_time,
                      until_at = excluded.until_at, reason = excluded.reason""")) {
                ps.setString(1, scheduleId);
                ps.setString(2, d.fireTime().toString());
                ps.setString(3, d.until().toString());
                ps.setString(4, d.reason());
                return ps.executeUpdate();
            }
        });
    }

    public void remove(String scheduleId) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM schedule_deferrals WHERE schedule_id = ?")) {
                ps.setString(1, scheduleId);
                return ps.executeUpdate();
            }
        });
    }

    public Map<String, Deferral> all() {
        return db.read(c -> {
            Map<String, Deferral> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT schedule_id, fire_time, until_at, reason FROM schedule_deferrals ORDER BY schedule_id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(
                            rs.getString(1),
                            new Deferral(
                                    Instant.parse(rs.getString(2)), Instant.parse(rs.getString(3)), rs.getString(4)));
                }
            }
            return out;
        });
    }
}

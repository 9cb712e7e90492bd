package dev.tejun.server.settings;

import dev.tejun.cmdb.db.Database;
import dev.tejun.server.audit.ServerSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** The {@code user_settings} table: one row per user who chose something; absent values are null. */
public final class UserSettings {

    /** What a user chose; null where they chose nothing. */
    public record Settings(String language, String timeZone) {
        static final Settings NONE = new Settings(null, null);
    }

    private final Database db;

    public UserSettings(Database db) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
    }

    public Settings get(String user) {
        return db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT language, time_zone FROM user_settings WHERE user_name = ?")) {
                ps.setString(1, user);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Settings(rs.getString(1), rs.getString(2)) : Settings.NONE;
                }
            }
        });
    }

    public void put(String user, Settings s) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_settings (user_name, language, time_zone)"
                    + " VALUES (?, ?, ?) ON CONFLICT (user_name) DO UPDATE SET language = excluded.language,"
                    + " time_zone = excluded.time_zone")) {
                ps.setString(1, user);
                ps.setString(2, s.language());
                ps.setString(3, s.timeZone());
                return ps.executeUpdate();
            }
        });
    }
}

package dev.tejun.server.events;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.alert.RuleStages;
import dev.tejun.server.audit.ServerSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stage of each rule set, kept in {@code rule_stages} and in memory (every event asks it for every rule). A file
 * without a row is in production, as all were before stages; an imported decision table starts as a draft.
 */
public final class RuleStageStore implements RuleStages {

    /** One rule set's stage, who set it and when. */
    public record Row(String file, String stage, String changedBy, Instant changedAt) {}

    private final Database db;
    private final Map<String, Row> rows = new ConcurrentHashMap<>();

    public RuleStageStore(Database db) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
        db.read(c -> {
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT file, stage, changed_by, changed_at FROM rule_stages");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(
                            rs.getString(1),
                            new Row(rs.getString(1), rs.getString(2), rs.getString(3), Instant.parse(rs.getString(4))));
                }
            }
            return null;
        });
    }

    @Override
    public Stage of(String file) {
        Row r = rows.get(file);
        return r == null ? Stage.PRODUCTION : Stage.valueOf(r.stage().toUpperCase(java.util.Locale.ROOT));
    }

    /** Whether the file has a stage set (else it is in production by default). */
    public boolean known(String file) {
        return rows.containsKey(file);
    }

    public List<Row> list() {
        List<Row> out = new ArrayList<>(rows.values());
        out.sort(java.util.Comparator.comparing(Row::file));
        return out;
    }

    /** Sets the stage; answers the one it had. */
    public synchronized Stage set(String file, Stage stage, String by, Instant at) {
        Stage was = of(file);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO rule_stages (file, stage, changed_by, changed_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (file) DO UPDATE SET stage = excluded.stage, changed_by = excluded.changed_by,
                    changed_at = excluded.changed_at""")) {
                ps.setString(1, file);
                ps.setString(2, stage.wire());
                ps.setString(3, by);
                ps.setString(4, at.toString());
                return ps.executeUpdate();
            }
        });
        rows.put(file, new Row(file, stage.wire(), by, at));
        return was;
    }
}

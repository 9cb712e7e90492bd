package dev.tejun.server.runbooks;

import dev.tejun.cmdb.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The earlier names of renamed or moved runbooks. Runs keep the name they ran under (their evidence is never
 * rewritten); the run list asked for a runbook's runs also finds those of its earlier names through this table.
 */
public final class RunbookRenames {

    private final Database db;
    private final Clock clock;

    public RunbookRenames(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** {@code from} is now {@code to}; the names that led to {@code from} lead to {@code to} too. */
    public void renamed(String from, String to, String by) {
        db.write(c -> {
            try (PreparedStatement carry =
                            c.prepareStatement("UPDATE runbook_renames SET new_name = ? WHERE new_name = ?");
                    PreparedStatement add = c.prepareStatement(
                            "INSERT INTO runbook_renames (old_name, new_name, renamed_at, renamed_by) VALUES (?, ?, ?, ?)")) {
                carry.setString(1, to);
                carry.setString(2, from);
                carry.executeUpdate();
                add.setString(1, from);
                add.setString(2, to);
                add.setLong(3, clock.millis());
                add.setString(4, by);
                add.executeUpdate();
            }
            return null;
        });
    }

    /** {@code name} is gone: a runbook later made under that name does not take its runs' earlier names. */
    public void deleted(String name) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM runbook_renames WHERE new_name = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Every earlier name and the name it leads to now. */
    public Map<String, String> all() {
        return db.read(c -> {
            Map<String, String> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT old_name, new_name FROM runbook_renames");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        });
    }

    /** The names {@code name} had before, oldest rename first. */
    public List<String> formerNames(String name) {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT old_name FROM runbook_renames WHERE new_name = ? ORDER BY renamed_at, old_name")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }
}

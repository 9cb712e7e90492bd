package dev.tejun.server.events;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.alert.SuppressionState;
import dev.tejun.server.audit.ServerSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The alert rules' suppression state in {@code tejun.db} ({@code sched_rule_runs}, {@code sched_rule_quiet}), so
 * limits and quiet periods hold across a restart. Instants are stored as fixed-width ISO text ({@link StoredInstant}), which sorts in time order.
 */
public final class SuppressionTable implements SuppressionState, AutoCloseable {

    private final Database db;

    public SuppressionTable(Database db) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
    }

    /** One transaction under the suppression lock: the reads and writes of {@code decision} join it. */
    @Override
    public <T> T exclusively(Supplier<T> decision) {
        return db.write(c -> {
            db.lockFor("sched_rule_runs");
            return decision.get();
        });
    }

    /** Forgets the runs at or before {@code from} and answers the later ones, in one transaction. */
    @Override
    public List<Instant> runsAfter(String rule, String key, Instant from) {
        return db.write(c -> {
            try (PreparedStatement del = c.prepareStatement(
                    "DELETE FROM sched_rule_runs WHERE rule = ? AND match_key = ? AND ran_at <= ?")) {
                del.setString(1, rule);
                del.setString(2, key);
                del.setString(3, StoredInstant.text(from));
                del.executeUpdate();
            }
            List<Instant> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT ran_at FROM sched_rule_runs WHERE rule = ? AND match_key = ? ORDER BY ran_at")) {
                ps.setString(1, rule);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant t = Instant.parse(rs.getString(1));
                        if (t.isAfter(from)) {
                            out.add(t);
                        }
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void ran(String rule, String key, Instant at) {
        update(
                "INSERT INTO sched_rule_runs (rule, match_key, ran_at) VALUES (?, ?, ?)",
                rule,
                key,
                StoredInstant.text(at));
    }

    @Override
    public Optional<Instant> quietUntil(String rule, String key) {
        return db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT quiet_until FROM sched_rule_quiet WHERE rule = ? AND match_key = ?")) {
                ps.setString(1, rule);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Instant.parse(rs.getString(1))) : Optional.<Instant>empty();
                }
            }
        });
    }

    @Override
    public void quiet(String rule, String key, Instant until) {
        update("""
                INSERT INTO sched_rule_quiet (rule, match_key, quiet_until) VALUES (?, ?, ?)
                ON CONFLICT (rule, match_key) DO UPDATE SET quiet_until = excluded.quiet_until""", rule, key, StoredInstant.text(until));
    }

    @Override
    public List<String> seen(String rule, String key, Instant from) {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT value FROM event_correlations WHERE rule = ? AND match_key = ? AND seen_at > ?
                    ORDER BY seen_at""")) {
                ps.setString(1, rule);
                ps.setString(2, key);
                ps.setString(3, StoredInstant.text(from));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void saw(String rule, String key, String value, Instant at) {
        update("""
                INSERT INTO event_correlations (rule, match_key, value, seen_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (rule, match_key, value) DO UPDATE SET seen_at = excluded.seen_at""", rule, key, value, StoredInstant.text(at));
    }

    @Override
    public void forget(String rule, String key) {
        update("DELETE FROM event_correlations WHERE rule = ? AND match_key = ?", rule, key);
    }

    private void update(String sql, String... values) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    ps.setString(i + 1, values[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    /** The database is the process's, closed by whoever opened it. */
    @Override
    public void close() {}
}

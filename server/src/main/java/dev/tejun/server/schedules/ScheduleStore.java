package dev.tejun.server.schedules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.Dialect;
import dev.tejun.kernel.schedule.CronSpec;
import dev.tejun.kernel.schedule.Misfire;
import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.kernel.schedule.ScheduleDef;
import dev.tejun.kernel.schedule.ScheduleLedger;
import dev.tejun.kernel.schedule.Target;
import dev.tejun.server.audit.ServerSchema;
import dev.tejun.server.guard.windows.DeferralTable;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schedules' tables: schedules created through REST, each schedule's cursor, and one row per fire time, in
 * the process's {@link Database}.
 */
public final class ScheduleStore implements ScheduleLedger, AutoCloseable {

    /** The last fire of a schedule, as the list shows it. */
    public record LastRun(
            Instant fireTime, Instant startedAt, Instant endedAt, String status, String runId, String message) {}

    private final Database db;
    /** Fire times deferred to their maintenance window (issue 23), kept across a restart. */
    private final DeferralTable deferrals;

    private final ObjectMapper json;
    /** This server's name, written with the runs it fires. */
    private final String server;

    /** @param server this server's name among several on one database, written with each run it fires */
    public ScheduleStore(Database db, ObjectMapper json, String server) {
        this.db = db;
        this.server = server;
        this.deferrals = new DeferralTable(db);
        this.json = json;
        db.migrate(ServerSchema.SCHEMA);
    }

    /**
     * On PostgreSQL, where several servers may tick one schedule: inserts the fire time into {@code sched_fires};
     * only the server whose row counted fires it. Fire times a day older are forgotten on the way. SQLite has one
     * server per file: it always claims.
     */
    @Override
    public boolean claim(String scheduleId, Instant fireTime) {
        if (db.dialect() != Dialect.POSTGRESQL) {
            return true;
        }
        return db.write(c -> {
            try (PreparedStatement old =
                    c.prepareStatement("DELETE FROM sched_fires WHERE schedule_id = ? AND fire_time < ?")) {
                old.setString(1, scheduleId);
                old.setString(2, fireTime.minus(java.time.Duration.ofDays(1)).toString());
                old.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sched_fires (schedule_id, fire_time) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, scheduleId);
                ps.setString(2, fireTime.toString());
                return ps.executeUpdate() == 1;
            }
        });
    }

    public ScheduleDef create(
            Target target,
            CronSpec cron,
            ZoneId zone,
            Map<String, String> params,
            Misfire misfire,
            String webhook,
            String user,
            Instant at) {
        ScheduleDef made = new ScheduleDef("", ScheduleDef.API, target, cron, zone, params, misfire, webhook);
        long id = db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sched_schedules (target, cron, timezone, params, misfire, webhook, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
                bind(ps, made);
                ps.setString(7, user);
                ps.setString(8, at.toString());
                return Database.returnedId(ps);
            }
        });
        return new ScheduleDef(
                ScheduleDef.API + ":" + id, ScheduleDef.API, target, cron, zone, params, misfire, webhook);
    }

    /** Sets the first six parameters of {@code ps} to what {@code d} runs and when: target, cron … webhook. */
    private void bind(PreparedStatement ps, ScheduleDef d) throws SQLException {
        ps.setString(1, d.target().name());
        ps.setString(2, d.cron().text());
        ps.setString(3, d.zone().getId());
        ps.setString(4, paramsText(d.params()));
        ps.setString(5, d.misfire().key());
        ps.setString(6, d.webhook());
    }

    /** Changes REST schedule {@code id} in place to {@code d}, keeping its number and history; false for none. */
    public boolean update(long id, ScheduleDef d) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE sched_schedules SET target = ?, cron = ?, timezone = ?, params = ?, misfire = ?, webhook = ?
                    WHERE id = ?""")) {
                bind(ps, d);
                ps.setLong(7, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Deletes a REST schedule; false when there is none with that number. */
    public boolean delete(long id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sched_schedules WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private String paramsText(Map<String, String> params) {
        try {
            return json.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<ScheduleDef> apiSchedules() {
        return db.read(c -> {
            List<ScheduleDef> out = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "SELECT id, target, cron, timezone, params, misfire, webhook FROM sched_schedules ORDER BY id")) {
                while (rs.next()) {
                    Map<String, String> params =
                            json.readValue(rs.getString(5), new TypeReference<Map<String, String>>() {});
                    out.add(new ScheduleDef(
                            ScheduleDef.API + ":" + rs.getLong(1),
                            ScheduleDef.API,
                            new Target(rs.getString(2)),
                            CronSpec.parse(rs.getString(3)),
                            ZoneId.of(rs.getString(4)),
                            params,
                            Misfire.parse(rs.getString(6)),
                            rs.getString(7)));
                }
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        });
    }

    @Override
    public Optional<Instant> cursor(String scheduleId) {
        return db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT cursor_at FROM sched_cursors WHERE schedule_id = ?")) {
                ps.setString(1, scheduleId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Instant.parse(rs.getString(1))) : Optional.<Instant>empty();
                }
            }
        });
    }

    @Override
    public void advance(String scheduleId, Instant cursor) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sched_cursors (schedule_id, cursor_at) VALUES (?, ?)
                    ON CONFLICT (schedule_id) DO UPDATE SET cursor_at = excluded.cursor_at""")) {
                ps.setString(1, scheduleId);
                ps.setString(2, cursor.toString());
                return ps.executeUpdate();
            }
        });
    }

    /**
     * On PostgreSQL: whether a run of the schedule that another living server fired is still going (its row says
     * running and that server's lease holds). A dead server's row stays running; its run was interrupted or went on
     * elsewhere through the queue, and nobody waits for it.
     */
    @Override
    public boolean goingElsewhere(String scheduleId) {
        if (db.dialect() != Dialect.POSTGRESQL) {
            return false;
        }
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT COUNT(*) FROM sched_runs r JOIN servers s ON s.name = r.server
                    WHERE r.schedule_id = ? AND r.status = 'running' AND r.server <> ? AND s.lease_until > ?""")) {
                ps.setString(1, scheduleId);
                ps.setString(2, server);
                ps.setString(3, Instant.now().toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getLong(1) > 0;
                }
            }
        });
    }

    @Override
    public long started(String scheduleId, Instant fireTime, Instant at, String note) {
        return insertRun(scheduleId, fireTime, at, "running", note);
    }

    @Override
    public void finished(long entry, Instant at, RunResult result) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE sched_runs SET ended_at = ?, status = ?, run_id = ?, evidence = ?,
                      message = COALESCE(?, message) WHERE id = ?""")) {
                ps.setString(1, at.toString());
                ps.setString(2, result.status());
                ps.setString(3, result.runId());
                ps.setString(4, result.evidence());
                ps.setString(5, result.message());
                ps.setLong(6, entry);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void skipped(String scheduleId, Instant fireTime, Instant at, String reason) {
        insertRun(scheduleId, fireTime, at, "skipped", reason);
    }

    @Override
    public void defer(String scheduleId, Deferral deferral) {
        deferrals.put(scheduleId, deferral);
    }

    @Override
    public void undefer(String scheduleId) {
        deferrals.remove(scheduleId);
    }

    @Override
    public Map<String, Deferral> deferrals() {
        return deferrals.all();
    }

    private long insertRun(String scheduleId, Instant fireTime, Instant at, String status, String message) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sched_runs (schedule_id, fire_time, started_at, status, message, server)
                    VALUES (?, ?, ?, ?, ?, ?) RETURNING id""")) {
                ps.setString(1, scheduleId);
                ps.setString(2, fireTime.toString());
                ps.setString(3, at.toString());
                ps.setString(4, status);
                ps.setString(5, message);
                ps.setString(6, server);
                return Database.returnedId(ps);
            }
        });
    }

    /** The newest fires of a schedule, newest first. */
    public List<LastRun> history(String scheduleId, int limit) {
        return db.read(c -> {
            List<LastRun> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                SELECT fire_time, started_at, ended_at, status, run_id, message FROM sched_runs
                WHERE schedule_id = ? ORDER BY id DESC LIMIT ?""")) {
                ps.setString(1, scheduleId);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new LastRun(
                                Instant.parse(rs.getString(1)),
                                Instant.parse(rs.getString(2)),
                                rs.getString(3) == null ? null : Instant.parse(rs.getString(3)),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6)));
                    }
                }
            }
            return out;
        });
    }

    /** The database is the process's, closed by whoever opened it. */
    @Override
    public void close() {}
}

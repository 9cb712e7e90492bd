package dev.tejun.server.cluster;

import dev.tejun.cmdb.db.Database;
import dev.tejun.server.audit.ServerSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code servers} table: one row per server of the cluster, renewed by its heartbeat. A server whose
 * {@code lease_until} passed is dead (killed, cut off, stopped without saying so); one that stops cleanly removes its
 * row. Times are ISO text, which sorts as time does.
 */
public final class ServerLeases {

    /** One server as its last heartbeat left it; {@code claimedRuns} counts the runs it holds as running. */
    public record Server(
            String name, String address, Instant startedAt, Instant heartbeatAt, Instant leaseUntil, int claimedRuns) {

        /** Whether its lease still holds at {@code now}. */
        public boolean alive(Instant now) {
            return now.isBefore(leaseUntil);
        }
    }

    private final Database db;

    public ServerLeases(Database db) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
    }

    /** {@code node} is alive at {@code now} until {@code leaseUntil}: its row is made or renewed. */
    public void beat(ClusterNode node, Instant startedAt, Instant now, Instant leaseUntil) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO servers (name, address, started_at, heartbeat_at, lease_until) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET address = excluded.address, started_at = excluded.started_at,
                    heartbeat_at = excluded.heartbeat_at, lease_until = excluded.lease_until""")) {
                ps.setString(1, node.name());
                ps.setString(2, node.address());
                ps.setString(3, startedAt.toString());
                ps.setString(4, now.toString());
                ps.setString(5, leaseUntil.toString());
                return ps.executeUpdate();
            }
        });
    }

    /** {@code node} stopped cleanly: it is no longer listed. */
    public void left(ClusterNode node) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM servers WHERE name = ?")) {
                ps.setString(1, node.name());
                return ps.executeUpdate();
            }
        });
    }

    /** Every server that ever beat and did not leave, by name. */
    public List<Server> list() {
        return db.read(c -> {
            List<Server> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT s.name, s.address, s.started_at, s.heartbeat_at, s.lease_until,
                      (SELECT COUNT(*) FROM runs r WHERE r.server_name = s.name AND r.status = 'RUNNING')
                    FROM servers s ORDER BY s.name""");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Server(
                            rs.getString(1),
                            rs.getString(2),
                            Instant.parse(rs.getString(3)),
                            Instant.parse(rs.getString(4)),
                            Instant.parse(rs.getString(5)),
                            rs.getInt(6)));
                }
            }
            return out;
        });
    }
}

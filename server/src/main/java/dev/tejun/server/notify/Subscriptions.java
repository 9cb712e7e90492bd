package dev.tejun.server.notify;

import dev.tejun.cmdb.db.Database;
import dev.tejun.server.audit.ServerSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The {@code notify_subscriptions} table: who is told about which events of what, through which channel. */
public final class Subscriptions {

    /** What a subscription is about. */
    public enum Scope {
        RUNBOOK,
        FLOW,
        FOLDER,
        USER,
        ALL;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Scope of(String word) {
            return Arrays.stream(values())
                    .filter(s -> s.wire().equals(word))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "scope is runbook, flow, folder, user or all, not '" + word + "'"));
        }
    }

    /** One subscription; {@code address} is the mail recipient of an email one, else null. */
    public record Subscription(
            String id,
            String scope,
            String target,
            List<String> events,
            String channel,
            String address,
            String createdBy,
            String createdAt) {

        /** Whether {@code n} is one of its events and about its runbook, flow, folder or user. */
        boolean matches(Notice n) {
            if (!events.contains(n.kind().wire())) {
                return false;
            }
            return switch (Scope.of(scope)) {
                case ALL -> true;
                case RUNBOOK -> target.equals(n.runbook());
                case FLOW -> target.equals(n.flow());
                case USER -> target.equals(n.user());
                case FOLDER -> {
                    String folder = target.endsWith("/") ? target : target + "/";
                    yield n.runbook() != null && n.runbook().startsWith(folder);
                }
            };
        }
    }

    private final Database db;

    public Subscriptions(Database db) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
    }

    public Subscription add(
            Scope scope,
            String target,
            List<Notice.Kind> events,
            String channel,
            String address,
            String by,
            Instant at) {
        Subscription s = new Subscription(
                UUID.randomUUID().toString(),
                scope.wire(),
                target,
                events.stream().map(Notice.Kind::wire).toList(),
                channel,
                address,
                by,
                at.toString());
        db.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO notify_subscriptions (id, scope, target, events,"
                            + " channel, address, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, s.id());
                ps.setString(2, s.scope());
                ps.setString(3, s.target());
                ps.setString(4, String.join(",", s.events()));
                ps.setString(5, s.channel());
                ps.setString(6, s.address());
                ps.setString(7, s.createdBy());
                ps.setString(8, s.createdAt());
                ps.executeUpdate();
            }
            return null;
        });
        return s;
    }

    /** False when there was no such subscription. */
    public boolean remove(String id) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM notify_subscriptions WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
    }

    public List<Subscription> list() {
        return db.read(c -> {
            List<Subscription> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, scope, target, events, channel, address,"
                            + " created_by, created_at FROM notify_subscriptions ORDER BY created_at, id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    private static Subscription row(ResultSet rs) throws SQLException {
        return new Subscription(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                List.of(rs.getString(4).split(",")),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8));
    }
}

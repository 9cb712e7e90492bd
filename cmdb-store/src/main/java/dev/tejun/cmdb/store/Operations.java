package dev.tejun.cmdb.store;

import dev.tejun.cmdb.model.Operation;
import dev.tejun.cmdb.model.OperationStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of operations: {@code cmdb_operation} and {@code cmdb_operation_link}. */
final class Operations {

    private static final String COLUMNS =
            "name, planned_at, status, owner, notes, version, updated_at, updated_by FROM cmdb_operation";

    private Operations() {}

    static List<Operation> list(Connection c) throws SQLException {
        List<Operation> out = new ArrayList<>();
        // unscheduled ones last, then by name: the order people plan in
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                        + " ORDER BY CASE WHEN planned_ms IS NULL THEN 1 ELSE 0 END, planned_ms, name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(read(c, rs));
            }
        }
        return out;
    }

    static Optional<Operation> get(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(c, rs)) : Optional.empty();
            }
        }
    }

    static Operation require(Connection c, String name) throws SQLException {
        return get(c, name).orElseThrow(() -> new NotFoundException("no operation " + name));
    }

    /** Whether rows of some sheet carry the name as their operation key (operations made before records existed). */
    static boolean usedByRows(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM cmdb_row WHERE operation = ? LIMIT 1")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void insert(Connection c, Operation.Draft d, Instant at, String by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cmdb_operation (planned_at, planned_ms, owner,"
                + " notes, status, version, updated_at, updated_by, name) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)")) {
            bind(ps, d, OperationStatus.PLANNED, at, by);
            ps.executeUpdate();
        }
    }

    static void update(Connection c, Operation.Draft d, OperationStatus status, long version, Instant at, String by)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE cmdb_operation SET planned_at = ?, planned_ms = ?,"
                + " owner = ?, notes = ?, status = ?, version = " + (version + 1)
                + ", updated_at = ?, updated_by = ? WHERE name = ?")) {
            bind(ps, d, status, at, by);
            ps.executeUpdate();
        }
    }

    static void link(Connection c, String name, Operation.Link link) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO cmdb_operation_link (operation, kind, ref, linked_at, outcome) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, link.kind().name());
            ps.setString(3, link.ref());
            ps.setLong(4, link.at().toEpochMilli());
            ps.setString(5, link.outcome());
            ps.executeUpdate();
        }
    }

    static void ended(Connection c, String name, Operation.LinkKind kind, String ref, String outcome)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE cmdb_operation_link SET outcome = ? WHERE operation = ? AND kind = ? AND ref = ?")) {
            ps.setString(1, outcome);
            ps.setString(2, name);
            ps.setString(3, kind.name());
            ps.setString(4, ref);
            if (ps.executeUpdate() == 0) {
                throw new NotFoundException(
                        kind.name().toLowerCase() + " " + ref + " is not linked to operation " + name);
            }
        }
    }

    private static void bind(PreparedStatement ps, Operation.Draft d, OperationStatus status, Instant at, String by)
            throws SQLException {
        if (d.planned() == null) {
            ps.setNull(1, Types.VARCHAR);
            ps.setNull(2, Types.BIGINT);
        } else {
            ps.setString(1, d.planned().toString());
            ps.setLong(2, d.planned().toInstant().toEpochMilli());
        }
        ps.setString(3, d.owner());
        ps.setString(4, d.notes());
        ps.setString(5, status.name());
        ps.setLong(6, at.toEpochMilli());
        ps.setString(7, by);
        ps.setString(8, d.name());
    }

    private static Operation read(Connection c, ResultSet rs) throws SQLException {
        String name = rs.getString(1);
        String planned = rs.getString(2);
        return new Operation(
                name,
                planned == null ? null : ZonedDateTime.parse(planned),
                OperationStatus.valueOf(rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getLong(6),
                Instant.ofEpochMilli(rs.getLong(7)),
                rs.getString(8),
                links(c, name));
    }

    private static List<Operation.Link> links(Connection c, String name) throws SQLException {
        List<Operation.Link> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, ref, linked_at, outcome FROM cmdb_operation_link"
                + " WHERE operation = ? ORDER BY linked_at, ref")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Operation.Link(
                            Operation.LinkKind.valueOf(rs.getString(1)),
                            rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getString(4)));
                }
            }
        }
        return out;
    }
}

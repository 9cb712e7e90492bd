package dev.tejun.cmdb.store;

import dev.tejun.cmdb.model.SheetDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and writes sheet definitions (JSON documents in {@code cmdb_sheet}). */
final class Sheets {

    private Sheets() {}

    static Optional<SheetDef> get(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT definition FROM cmdb_sheet WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Json.sheet(rs.getString(1))) : Optional.empty();
            }
        }
    }

    static SheetDef require(Connection c, String name) throws SQLException {
        return get(c, name).orElseThrow(() -> new NotFoundException("no sheet " + name));
    }

    static List<SheetDef> list(Connection c) throws SQLException {
        List<SheetDef> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT definition FROM cmdb_sheet ORDER BY name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(Json.sheet(rs.getString(1)));
            }
        }
        return out;
    }

    static void put(Connection c, SheetDef sheet, Instant at, String by) throws SQLException {
        boolean exists = get(c, sheet.name()).isPresent();
        String sql = exists
                ? "UPDATE cmdb_sheet SET definition = ?, updated_at = ?, updated_by = ? WHERE name = ?"
                : "INSERT INTO cmdb_sheet (definition, updated_at, updated_by, name) VALUES (?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, Json.sheet(sheet));
            ps.setLong(2, at.toEpochMilli());
            ps.setString(3, by);
            ps.setString(4, sheet.name());
            ps.executeUpdate();
        }
    }
}

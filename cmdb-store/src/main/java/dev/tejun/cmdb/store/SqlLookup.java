package dev.tejun.cmdb.store;

import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.validation.UniqueKey;
import dev.tejun.cmdb.validation.Validator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The validator's view of other rows, answered by indexed queries inside the writer's transaction. */
final class SqlLookup implements Validator.Lookup {

    private final Connection c;

    SqlLookup(Connection c) {
        this.c = c;
    }

    @Override
    public Optional<Long> uniqueOwner(String sheet, UniqueKey key) {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT row_id FROM cmdb_unique_key WHERE sheet = ? AND key_name = ? AND key_value = ?")) {
            ps.setString(1, sheet);
            ps.setString(2, key.name());
            ps.setString(3, key.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("unique lookup failed", e);
        }
    }

    @Override
    public boolean referenceExists(String sheet, String key) {
        try {
            Optional<SheetDef> target = Sheets.get(c, sheet);
            if (target.isEmpty()) {
                return false;
            }
            boolean byHost = target.get().hostKind();
            if (!byHost && !key.matches("\\d{1,18}")) {
                return false;
            }
            String sql =
                    "SELECT 1 FROM cmdb_row WHERE sheet = ? AND " + (byHost ? "host" : "id") + " = ? AND discarded = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, sheet);
                if (byHost) {
                    ps.setString(2, key);
                } else {
                    ps.setLong(2, Long.parseLong(key));
                }
                ps.setBoolean(3, false);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        } catch (SQLException e) {
            throw new StorageException("reference lookup failed", e);
        }
    }
}

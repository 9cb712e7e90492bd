package dev.tejun.cmdb.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.cmdb.inventory.VariableBindings;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.SheetDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the variable each column fed before bindings were explicit into definitions stored without one, once:
 * columns two HOST sheets shared were {@code <sheet>_<column>} then, and playbooks use those names. After this
 * every stored column names its variable, and no later sheet can change it.
 */
final class LegacyBindings {

    private LegacyBindings() {}

    /** Whether a stored definition has a column without its variable (a read, so opening stays write-free). */
    static boolean needed(Connection c) throws SQLException {
        return !unpinned(raw(c)).isEmpty();
    }

    /** @return how many sheet definitions were rewritten */
    static int pin(Connection c, Instant at, String by) throws SQLException {
        Map<String, String> raw = raw(c);
        List<String> unpinned = unpinned(raw);
        if (unpinned.isEmpty()) {
            return 0;
        }
        List<SheetDef> sheets = raw.values().stream().map(Json::sheet).toList();
        Map<String, String> legacy = VariableBindings.legacyNames(sheets);
        for (SheetDef sheet : sheets) {
            if (!unpinned.contains(sheet.name())) {
                continue;
            }
            List<ColumnDef> columns = new ArrayList<>();
            for (ColumnDef column : sheet.columns()) {
                String old = legacy.get(sheet.name() + "." + column.name());
                columns.add(old == null ? column : column.withVariable(old));
            }
            Sheets.put(c, sheet.withColumns(columns), at, by);
        }
        return unpinned.size();
    }

    private static Map<String, String> raw(Connection c) throws SQLException {
        Map<String, String> raw = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, definition FROM cmdb_sheet ORDER BY name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                raw.put(rs.getString(1), rs.getString(2));
            }
        }
        return raw;
    }

    private static List<String> unpinned(Map<String, String> raw) {
        List<String> unpinned = new ArrayList<>();
        raw.forEach((name, json) -> {
            for (JsonNode column : Json.parse(json).path("columns")) {
                if (!column.has("variable")) {
                    unpinned.add(name);
                    return;
                }
            }
        });
        return unpinned;
    }
}

package dev.tejun.kernel.exec.ansible;

import dev.tejun.cmdb.inventory.InventoryExport;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.remote.CellSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Group variables from the CMDB: the DATA sheet named by {@code group-vars-from=SHEET} holds one current row per
 * group, keyed by its {@code group} column; every other column is a variable of that group ({@code all} is the
 * group of every host). Secret columns are revealed only for the run, into 0600 files, like the hosts' secrets.
 *
 * <p>A DATA sheet rather than a new kind of sheet: the sheet stays an ordinary, journaled sheet that the grid,
 * Excel and {@code cmdb} cells already handle, and the cell says which one feeds it, as {@code vars-from=}
 * does for terraform cells.
 *
 * @param vars    group → variable → value, sorted
 * @param secrets group → variable → clear value
 */
record GroupVars(Map<String, Map<String, Object>> vars, Map<String, Map<String, String>> secrets) {

    static final String KEY_COLUMN = "group";
    static final GroupVars NONE = new GroupVars(Map.of(), Map.of());

    /** @param asOf null: the rows and secrets now; else as the CMDB had them then (a cell's {@code as-of=}) */
    static GroupVars read(CmdbStore cmdb, Optional<String> sheetName, Instant asOf) throws CellSettings.Refused {
        if (sheetName.isEmpty()) {
            return NONE;
        }
        String attribute = "group-vars-from=" + sheetName.get();
        SheetDef sheet = cmdb.sheet(sheetName.get())
                .orElseThrow(() -> new CellSettings.Refused(attribute + " is not a CMDB sheet"));
        if (sheet.hostKind() || sheet.column(KEY_COLUMN).isEmpty()) {
            throw new CellSettings.Refused(attribute + ": the sheet must be a data sheet with a '" + KEY_COLUMN
                    + "' column naming the group of each row");
        }
        Map<String, Map<String, Object>> vars = new TreeMap<>();
        Map<String, Map<String, String>> secrets = new TreeMap<>();
        List<Row> rows =
                asOf == null ? cmdb.list(sheet.name(), RowQuery.active()) : cmdb.rowsInForce(sheet.name(), null, asOf);
        for (Row row : rows) {
            Object group = row.value(KEY_COLUMN);
            if (group == null || group.toString().isBlank()) {
                throw new CellSettings.Refused(attribute + ": row " + row.id() + " has no group");
            }
            String name = group.toString().strip();
            if (vars.containsKey(name)) {
                throw new CellSettings.Refused(attribute + ": group " + name + " has more than one row");
            }
            Map<String, Object> values = new TreeMap<>();
            Map<String, String> clear = new TreeMap<>();
            for (ColumnDef column : sheet.columns()) {
                Object value = row.value(column.name());
                if (column.name().equals(KEY_COLUMN) || value == null) {
                    continue;
                }
                if (column.type() == ColumnType.SECRET) {
                    cmdb.revealSecret(sheet.name(), row.id(), column.name(), asOf)
                            .ifPresent(v -> clear.put(column.name(), v));
                } else {
                    values.put(column.name(), InventoryExport.plain(value));
                }
            }
            vars.put(name, values);
            secrets.put(name, clear);
        }
        return new GroupVars(vars, secrets);
    }

    /** Every variable name the groups define, for the playbook's missing-variable check. */
    List<String> names() {
        Map<String, Boolean> names = new LinkedHashMap<>();
        vars.values().forEach(m -> m.keySet().forEach(k -> names.put(k, true)));
        secrets.values().forEach(m -> m.keySet().forEach(k -> names.put(k, true)));
        return List.copyOf(names.keySet());
    }

    /** Every clear secret value, for masking. */
    List<String> secretValues() {
        return secrets.values().stream()
                .flatMap(m -> m.values().stream())
                .distinct()
                .toList();
    }
}

package dev.tejun.cmdb.inventory;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.HostsSheet;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.SheetDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds an {@link Inventory} from HOST sheets and their current rows. Pure: the store reads, this merges.
 *
 * <p>Rules:
 * <ul>
 *   <li>The hosts are the current rows of the {@code hosts} sheet. For each host and sheet, the row of the
 *       requested operation is used if there is one, else the default row (operation null).</li>
 *   <li>A column becomes the variable {@code <column>}. If two or more HOST sheets define a column of the same
 *       name, each of them becomes {@code <sheet>_<column>} instead — decided from the definitions, not the data,
 *       so a variable's name never depends on which hosts happen to have rows.</li>
 *   <li>The built-in columns of {@code hosts} are not variables; they are the host's address, port, user,
 *       groups and credential. Other columns added to {@code hosts} are variables like any other.</li>
 *   <li>SECRET columns are not variables; {@link InventoryHost#secrets()} says where they are.</li>
 * </ul>
 */
public final class Inventories {

    private Inventories() {}

    /**
     * @param operation the operation, or null
     * @param sheets    every sheet definition (DATA sheets are ignored)
     * @param rows      sheet name → its current (not discarded) rows of all operations
     */
    public static Inventory build(String operation, List<SheetDef> sheets, Map<String, List<Row>> rows) {
        List<SheetDef> hostSheets = sheets.stream().filter(SheetDef::hostKind).toList();
        Map<String, Row> hostRows = effective(rows.getOrDefault(HostsSheet.NAME, List.of()), operation);
        Map<String, String> varNames = varNames(hostSheets);
        Map<String, Map<String, Object>> vars = new HashMap<>();
        Map<String, Map<String, SecretRef>> secrets = new HashMap<>();
        for (SheetDef sheet : hostSheets) {
            for (Row row : effective(rows.getOrDefault(sheet.name(), List.of()), operation)
                    .values()) {
                if (!hostRows.containsKey(row.host())) {
                    continue;
                }
                for (ColumnDef column : sheet.columns()) {
                    String name = varNames.get(sheet.name() + "." + column.name());
                    Object value = row.value(column.name());
                    if (name == null || value == null) {
                        continue;
                    }
                    if (column.type() == ColumnType.SECRET) {
                        secrets.computeIfAbsent(row.host(), h -> new TreeMap<>())
                                .put(name, new SecretRef(sheet.name(), row.id(), column.name()));
                    } else {
                        vars.computeIfAbsent(row.host(), h -> new TreeMap<>()).put(name, value);
                    }
                }
            }
        }
        Map<String, InventoryHost> hosts = new TreeMap<>();
        Map<String, List<String>> groups = new TreeMap<>();
        for (Row row : hostRows.values()) {
            List<String> hostGroups = HostsSheet.parseGroups(row.value(HostsSheet.GROUPS));
            Map<String, SecretRef> hostSecrets = new TreeMap<>(secrets.getOrDefault(row.host(), Map.of()));
            if (row.value(HostsSheet.CREDENTIAL) != null) {
                hostSecrets.put(HostsSheet.CREDENTIAL, new SecretRef(HostsSheet.NAME, row.id(), HostsSheet.CREDENTIAL));
            }
            Object address = row.value(HostsSheet.ADDRESS);
            Object port = row.value(HostsSheet.SSH_PORT);
            hosts.put(
                    row.host(),
                    new InventoryHost(
                            row.host(),
                            address == null ? row.host() : address.toString(),
                            port instanceof Long p ? p.intValue() : 22,
                            (String) row.value(HostsSheet.USER),
                            hostGroups,
                            vars.getOrDefault(row.host(), Map.of()),
                            hostSecrets));
            for (String group : hostGroups) {
                groups.computeIfAbsent(group, g -> new ArrayList<>()).add(row.host());
            }
        }
        return new Inventory(operation, hosts, groups);
    }

    /** Host → the row in force for the operation. */
    private static Map<String, Row> effective(List<Row> rows, String operation) {
        Map<String, Row> out = new LinkedHashMap<>();
        for (Row row : rows) {
            if (!row.discarded() && row.host() != null && row.operation() == null) {
                out.put(row.host(), row);
            }
        }
        for (Row row : rows) {
            if (!row.discarded() && row.host() != null && operation != null && operation.equals(row.operation())) {
                out.put(row.host(), row);
            }
        }
        return out;
    }

    /** "sheet.column" → variable name, for every column that is a variable or a secret. */
    private static Map<String, String> varNames(List<SheetDef> hostSheets) {
        Set<String> builtIn = new HashSet<>();
        HostsSheet.builtInColumns().forEach(c -> builtIn.add(c.name()));
        Map<String, Integer> definedBy = new HashMap<>();
        for (SheetDef sheet : hostSheets) {
            for (ColumnDef column : sheet.columns()) {
                if (!isBuiltIn(sheet, column, builtIn)) {
                    definedBy.merge(column.name(), 1, Integer::sum);
                }
            }
        }
        Map<String, String> out = new HashMap<>();
        for (SheetDef sheet : hostSheets) {
            for (ColumnDef column : sheet.columns()) {
                if (!isBuiltIn(sheet, column, builtIn)) {
                    boolean shared = definedBy.get(column.name()) > 1;
                    out.put(
                            sheet.name() + "." + column.name(),
                            shared ? sheet.name() + "_" + column.name() : column.name());
                }
            }
        }
        return out;
    }

    private static boolean isBuiltIn(SheetDef sheet, ColumnDef column, Set<String> builtIn) {
        return sheet.name().equals(HostsSheet.NAME) && builtIn.contains(column.name());
    }
}

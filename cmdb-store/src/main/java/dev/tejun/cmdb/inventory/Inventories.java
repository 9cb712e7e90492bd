package dev.tejun.cmdb.inventory;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.HostsSheet;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.SheetDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds an {@link Inventory} from HOST sheets and their current rows. Pure: the store reads, this merges.
 *
 * <p>Rules:
 * <ul>
 *   <li>The hosts are the current rows of the {@code hosts} sheet. For each host and sheet, the row of the
 *       requested operation is used if there is one, else the default row (operation null).</li>
 *   <li>A column becomes the variable it is bound to ({@link ColumnDef#variable()}, its own name unless given);
 *       {@link VariableBindings} keeps that name unique across the sheets, so nothing is ever renamed here.</li>
 *   <li>Observed sheets (actual state) are not variables.</li>
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
        List<SheetDef> hostSheets =
                sheets.stream().filter(s -> s.hostKind() && !s.observed()).toList();
        Map<String, Row> hostRows = effective(rows.getOrDefault(HostsSheet.NAME, List.of()), operation);
        Map<String, Map<String, Object>> vars = new HashMap<>();
        Map<String, Map<String, SecretRef>> secrets = new HashMap<>();
        for (SheetDef sheet : hostSheets) {
            for (Row row : effective(rows.getOrDefault(sheet.name(), List.of()), operation)
                    .values()) {
                if (!hostRows.containsKey(row.host())) {
                    continue;
                }
                for (ColumnDef column : sheet.columns()) {
                    String name = column.variable();
                    Object value = row.value(column.name());
                    if (!VariableBindings.feedsInventory(sheet, column) || value == null) {
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

    /** Host → the row in force for the operation: its row of that operation, else its default row. */
    public static Map<String, Row> effective(List<Row> rows, String operation) {
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
}

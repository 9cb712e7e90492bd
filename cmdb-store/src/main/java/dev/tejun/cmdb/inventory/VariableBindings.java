package dev.tejun.cmdb.inventory;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.DefinitionException;
import dev.tejun.cmdb.model.HostsSheet;
import dev.tejun.cmdb.model.SheetDef;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which column feeds which host variable. Every expected HOST sheet feeds the one inventory, so a variable name is
 * unique across them: a second column taking a name already bound is refused when it is defined, naming both
 * columns, and never resolved by renaming (renaming {@code ntp_server} to {@code base_ntp_server} because an
 * unrelated sheet was added broke playbooks that had worked). The built-in columns of {@code hosts} are the host's
 * connection, not variables; observed sheets hold actual state and feed nothing.
 */
public final class VariableBindings {

    private VariableBindings() {}

    /** Whether the column's values become a host variable (or a host secret) in the inventory. */
    public static boolean feedsInventory(SheetDef sheet, ColumnDef column) {
        if (!sheet.hostKind() || sheet.observed()) {
            return false;
        }
        return !(sheet.name().equals(HostsSheet.NAME) && HostsSheet.isBuiltIn(column.name()));
    }

    /** Variable name → "sheet.column" that feeds it, over the given sheets, in sheet and column order. */
    public static Map<String, String> sources(List<SheetDef> sheets) {
        Map<String, String> out = new LinkedHashMap<>();
        for (SheetDef sheet : sheets) {
            for (ColumnDef column : sheet.columns()) {
                if (feedsInventory(sheet, column)) {
                    out.putIfAbsent(column.variable(), sheet.name() + "." + column.name());
                }
            }
        }
        return out;
    }

    /**
     * Refuses {@code sheet} when one of its columns takes a variable another sheet's column is bound to.
     *
     * @param others the other stored sheets (the one being defined is left out by name)
     */
    public static void refuseCollisions(SheetDef sheet, List<SheetDef> others) {
        Map<String, String> taken = new HashMap<>(sources(
                others.stream().filter(o -> !o.name().equals(sheet.name())).toList()));
        for (int i = 0; i < sheet.columns().size(); i++) {
            ColumnDef column = sheet.columns().get(i);
            String owner = feedsInventory(sheet, column) ? taken.get(column.variable()) : null;
            if (owner != null) {
                throw new DefinitionException(
                        "columns[" + i + "].variable",
                        "column " + sheet.name() + "." + column.name() + " would feed variable " + column.variable()
                                + ", which column " + owner + " already feeds; give " + sheet.name() + "."
                                + column.name() + " another variable name");
            }
        }
    }

    /**
     * The names the rule before explicit bindings gave ({@code <sheet>_<column>} for a column name two HOST sheets
     * shared), so that a data folder made then keeps every variable its playbooks use when it is first opened.
     *
     * @return "sheet.column" → the variable it had, for the columns it differs from the column name only
     */
    public static Map<String, String> legacyNames(List<SheetDef> sheets) {
        Map<String, Integer> definedBy = new HashMap<>();
        for (SheetDef sheet : sheets) {
            for (ColumnDef column : sheet.columns()) {
                if (feedsInventory(sheet, column)) {
                    definedBy.merge(column.name(), 1, Integer::sum);
                }
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (SheetDef sheet : sheets) {
            for (ColumnDef column : sheet.columns()) {
                if (feedsInventory(sheet, column) && definedBy.get(column.name()) > 1) {
                    out.put(sheet.name() + "." + column.name(), sheet.name() + "_" + column.name());
                }
            }
        }
        return out;
    }
}

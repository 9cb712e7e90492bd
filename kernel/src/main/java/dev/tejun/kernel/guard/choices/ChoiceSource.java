package dev.tejun.kernel.guard.choices;

import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.store.CmdbStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code choices:} expression: {@code cmdb:hosts.COLUMN} (the inventory: {@code name}, {@code address},
 * {@code user}, {@code groups} or a host variable) or {@code cmdb:SHEET.COLUMN} ({@code host} for the row's host),
 * optionally {@code where COLUMN = 'x'} or {@code where COLUMN contains 'x'}, where {@code 'x'} may be
 * {@code ${params.NAME}} (an earlier param's value, compared as text, never evaluated).
 */
public record ChoiceSource(
        String text, String sheet, String column, String whereColumn, String op, String literal, String param) {

    private static final Pattern FORM = Pattern.compile("cmdb:([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)"
            + "(?:\\s+where\\s+([A-Za-z0-9_-]+)\\s+(=|contains)\\s+(?:'([^']*)'|\\$\\{params\\.([A-Za-z0-9_-]+)}))?");

    /** The inventory rather than a sheet. */
    public static final String HOSTS = "hosts";

    public static ChoiceSource parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("choices '" + text + "' is not cmdb:SHEET.COLUMN [where COLUMN = 'x' |"
                    + " where COLUMN contains 'x'] (hosts for the inventory; 'x' may be ${params.NAME})");
        }
        return new ChoiceSource(text.strip(), m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6));
    }

    /** The choices, sorted, for these param values (an unset {@code ${params.X}} gives none). */
    public List<String> list(CmdbStore cmdb, Map<String, String> params) {
        String wanted = literal;
        if (param != null) {
            wanted = params.get(param);
            if (wanted == null || wanted.isEmpty()) {
                return List.of();
            }
        }
        TreeSet<String> out = new TreeSet<>();
        if (sheet.equals(HOSTS)) {
            for (InventoryHost h : cmdb.inventory(null).hosts().values()) {
                if (whereColumn == null || matches(hostValue(h, whereColumn), wanted)) {
                    Optional.ofNullable(hostValue(h, column)).ifPresent(v -> add(out, v));
                }
            }
        } else {
            if (cmdb.sheet(sheet).isEmpty()) {
                throw new IllegalArgumentException("choices: no CMDB sheet " + sheet);
            }
            for (Row r : cmdb.list(sheet, RowQuery.active())) {
                if (whereColumn == null || matches(rowValue(r, whereColumn), wanted)) {
                    Optional.ofNullable(rowValue(r, column)).ifPresent(v -> add(out, v));
                }
            }
        }
        out.remove(Row.MASK); // a secret column is never offered
        return List.copyOf(out);
    }

    private static Object hostValue(InventoryHost h, String column) {
        return switch (column) {
            case "name" -> h.name();
            case "address" -> h.address();
            case "user" -> h.user();
            case "groups" -> h.groups();
            default -> h.vars().get(column);
        };
    }

    private static Object rowValue(Row r, String column) {
        return column.equals("host") ? r.host() : r.value(column);
    }

    private boolean matches(Object value, String wanted) {
        if (value == null) {
            return false;
        }
        if ("contains".equals(op)) {
            if (value instanceof Collection<?> c) {
                return c.stream().map(String::valueOf).anyMatch(wanted::equals);
            }
            return List.of(String.valueOf(value).split("[,\\s]+")).contains(wanted);
        }
        return String.valueOf(value).equals(wanted);
    }

    private static void add(TreeSet<String> out, Object v) {
        if (v instanceof Collection<?> c) {
            c.forEach(x -> out.add(String.valueOf(x)));
        } else if (!String.valueOf(v).isEmpty()) {
            out.add(String.valueOf(v));
        }
    }
}

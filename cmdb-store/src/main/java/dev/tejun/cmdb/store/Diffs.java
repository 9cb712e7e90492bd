package dev.tejun.cmdb.store;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDiff;
import dev.tejun.cmdb.model.SheetDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares two as-of snapshots of a sheet. Snapshots carry sealed secrets so a changed secret shows as a
 * changed column; the result masks them.
 */
final class Diffs {

    private Diffs() {}

    static List<RowDiff> between(SheetDef sheet, List<Row> before, List<Row> after) {
        Map<Long, Row> old = before.stream().collect(Collectors.toMap(Row::id, Function.identity()));
        List<RowDiff> out = new ArrayList<>();
        for (Row now : after) {
            Row then = old.get(now.id());
            if (then != null && then.version() == now.version()) {
                continue;
            }
            RowDiff.Kind kind;
            if (then == null) {
                kind = RowDiff.Kind.ADDED;
            } else if (!then.discarded() && now.discarded()) {
                kind = RowDiff.Kind.DISCARDED;
            } else if (then.discarded() && !now.discarded()) {
                kind = RowDiff.Kind.RESTORED;
            } else {
                kind = RowDiff.Kind.CHANGED;
            }
            Map<String, RowDiff.ValueChange> columns = columns(sheet, then, now);
            if (kind == RowDiff.Kind.CHANGED && columns.isEmpty()) {
                continue; // changed and changed back
            }
            out.add(new RowDiff(now.id(), kind, then == null ? null : mask(sheet, then), mask(sheet, now), columns));
        }
        return out;
    }

    private static Map<String, RowDiff.ValueChange> columns(SheetDef sheet, Row then, Row now) {
        Map<String, RowDiff.ValueChange> out = new LinkedHashMap<>();
        if (then == null) {
            now.values()
                    .forEach((name, value) -> out.put(name, new RowDiff.ValueChange(null, shown(sheet, name, value))));
            return out;
        }
        if (!Objects.equals(then.host(), now.host())) {
            out.put("host", new RowDiff.ValueChange(then.host(), now.host()));
        }
        if (!Objects.equals(then.operation(), now.operation())) {
            out.put("operation", new RowDiff.ValueChange(then.operation(), now.operation()));
        }
        Set<String> names = new LinkedHashSet<>(then.values().keySet());
        names.addAll(now.values().keySet());
        for (String name : names) {
            Object a = then.value(name);
            Object b = now.value(name);
            if (!Objects.equals(a, b)) {
                out.put(name, new RowDiff.ValueChange(shown(sheet, name, a), shown(sheet, name, b)));
            }
        }
        return out;
    }

    private static Object shown(SheetDef sheet, String column, Object value) {
        return value != null && isSecret(sheet, column) ? Row.MASK : value;
    }

    private static boolean isSecret(SheetDef sheet, String column) {
        return sheet.column(column).map(ColumnDef::type).orElse(null) == ColumnType.SECRET;
    }

    static Row mask(SheetDef sheet, Row row) {
        Map<String, Object> values = new LinkedHashMap<>(row.values());
        values.replaceAll((name, value) -> shown(sheet, name, value));
        return new Row(
                row.id(),
                row.sheet(),
                row.host(),
                row.operation(),
                values,
                row.version(),
                row.discarded(),
                row.updatedAt(),
                row.updatedBy());
    }
}

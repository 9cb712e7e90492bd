package dev.tejun.cmdb.store;

import dev.tejun.cmdb.drift.Pairings;
import dev.tejun.cmdb.inventory.VariableBindings;
import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.DefinitionException;
import dev.tejun.cmdb.model.HostsSheet;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.validation.UniqueKey;
import dev.tejun.cmdb.validation.Validator;
import dev.tejun.cmdb.validation.ValueParser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rules a sheet (re)definition must satisfy, and the unique-key table it must leave consistent. */
final class SheetAdmin {

    private SheetAdmin() {}

    static void check(Connection c, SheetDef sheet) throws SQLException {
        Optional<SheetDef> before = Sheets.get(c, sheet.name());
        if (sheet.name().equals(HostsSheet.NAME)) {
            checkHosts(sheet);
        }
        List<Row> rows =
                before.isPresent() ? RowReader.list(c, before.get(), RowQuery.all(), Json.Secrets.SEALED) : List.of();
        VariableBindings.refuseCollisions(sheet, Sheets.list(c));
        if (sheet.observed()) {
            Pairings.check(sheet, Sheets.get(c, sheet.observes().sheet()));
        }
        if (before.isPresent() && before.get().kind() != sheet.kind() && !rows.isEmpty()) {
            throw new DefinitionException("kind", "sheet " + sheet.name() + " has rows; its kind cannot change");
        }
        for (int i = 0; i < sheet.columns().size(); i++) {
            ColumnDef column = sheet.columns().get(i);
            if (column.type() == ColumnType.REFERENCE
                    && !column.referenceSheet().equals(sheet.name())
                    && Sheets.get(c, column.referenceSheet()).isEmpty()) {
                throw new DefinitionException(
                        "columns[" + i + "].referenceSheet",
                        "column " + column.name() + " refers to missing sheet " + column.referenceSheet());
            }
            Optional<ColumnDef> old = before.flatMap(b -> b.column(column.name()));
            if (old.isPresent() && old.get().type() != column.type()) {
                checkRetype(sheet.name(), old.get(), column, rows, "columns[" + i + "].type");
            }
        }
    }

    private static void checkHosts(SheetDef sheet) {
        if (!sheet.hostKind()) {
            throw new DefinitionException("kind", "the hosts sheet must stay a HOST sheet");
        }
        for (ColumnDef builtIn : HostsSheet.builtInColumns()) {
            if (sheet.column(builtIn.name())
                    .map(col -> col.type() != builtIn.type())
                    .orElse(true)) {
                int at = sheet.column(builtIn.name())
                        .map(sheet.columns()::indexOf)
                        .orElse(-1);
                throw new DefinitionException(
                        at < 0 ? "columns" : "columns[" + at + "].type",
                        "the hosts sheet must keep its " + builtIn.type() + " column " + builtIn.name());
            }
        }
    }

    /**
     * A column may change type only when every value it holds, in current and discarded rows alike (a discarded
     * row can be restored), is a value of the new type. Values are kept as stored, so without this check a row
     * would carry a value its column refuses. Secrets are sealed at rest: a column holding any cannot become
     * plain text, and plain values cannot become secrets without being sealed.
     */
    private static void checkRetype(String sheet, ColumnDef old, ColumnDef now, List<Row> rows, String field) {
        List<String> bad = new ArrayList<>();
        for (Row row : rows) {
            Object value = row.value(now.name());
            if (value == null) {
                continue;
            }
            String problem = old.type() == ColumnType.SECRET || now.type() == ColumnType.SECRET
                    ? "secrets are sealed at rest and cannot change type with a value"
                    : ValueParser.parse(now, value).problem();
            if (problem != null) {
                bad.add("row id=" + row.id() + (row.host() == null ? "" : " (" + row.host() + ")") + ": " + problem);
            }
        }
        if (!bad.isEmpty()) {
            throw new DefinitionException(
                    field,
                    "column " + now.name() + " of sheet " + sheet + " cannot become "
                            + now.type() + ": " + bad.size() + " row(s) hold values that are not — "
                            + String.join("; ", bad.subList(0, Math.min(3, bad.size())))
                            + (bad.size() > 3 ? "; …" : "") + ". Change or clear those values first.");
        }
    }

    /** Re-derives every current row's unique keys under the (new) definition. */
    static void rebuildUniqueKeys(Connection c, SheetDef sheet) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cmdb_unique_key WHERE sheet = ?")) {
            ps.setString(1, sheet.name());
            ps.executeUpdate();
        }
        Validator validator = new Validator(sheet, new SqlLookup(c));
        Map<String, Long> claimed = new HashMap<>();
        List<CellError> errors = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO cmdb_unique_key (sheet, key_name, key_value, row_id) VALUES (?, ?, ?, ?)")) {
            for (Row row : RowReader.list(c, sheet, RowQuery.active(), Json.Secrets.SEALED)) {
                RowDraft draft = new RowDraft(row.host(), row.operation(), row.values());
                for (UniqueKey key : validator.uniqueKeys(draft, canonical(sheet, row))) {
                    Long owner = claimed.putIfAbsent(key.name() + "\u0000" + key.value(), row.id());
                    if (owner != null) {
                        errors.add(new CellError(
                                sheet.name(),
                                "id=" + row.id(),
                                key.name(),
                                "duplicate of row id=" + owner + " under the new uniqueness rule"));
                        continue;
                    }
                    ps.setString(1, sheet.name());
                    ps.setString(2, key.name());
                    ps.setString(3, key.value());
                    ps.setLong(4, row.id());
                    ps.executeUpdate();
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    /** Stored values as the validator would canonicalise them (they were stored canonical; types may have changed). */
    private static Map<String, Object> canonical(SheetDef sheet, Row row) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ColumnDef column : sheet.columns()) {
            Object value = row.value(column.name());
            ValueParser.Parsed parsed = ValueParser.parse(column, value);
            out.put(column.name(), parsed.problem() == null ? parsed.value() : value);
        }
        return out;
    }
}

package dev.tejun.cmdb.model;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The definition of a parameter sheet. Its name doubles as the Excel worksheet name and the SQL view name
 * of {@code cmdb} cells, hence the strict identifier rule.
 *
 * <p>For {@link SheetKind#HOST} sheets, {@code host} and {@code operation} are the row key and may not be
 * column names; the store also keeps (host, operation) unique among current rows.
 *
 * @param name        {@code [a-z][a-z0-9_]*}, at most 31 characters (the Excel worksheet limit)
 * @param kind        HOST or DATA
 * @param columns     the typed columns, in display order
 * @param uniqueSets  sets of columns whose combined values must be unique among current rows of one operation
 * @param description help text
 */
public record SheetDef(
        String name, SheetKind kind, List<ColumnDef> columns, List<List<String>> uniqueSets, String description) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,30}");
    /** Names the store and the Excel layout use themselves. */
    public static final Set<String> RESERVED_COLUMNS =
            Set.of("id", "host", "operation", "version", "discarded", "updated_at", "updated_by");

    public SheetDef {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new DefinitionException("name", "sheet name must match [a-z][a-z0-9_]* (max 31): " + name);
        }
        if (kind == null) {
            throw new DefinitionException("kind", "sheet " + name + " needs a kind: HOST or DATA");
        }
        if (columns == null) {
            throw new DefinitionException("columns", "sheet " + name + " needs a list of columns (it may be empty)");
        }
        columns = List.copyOf(columns);
        uniqueSets = uniqueSets == null
                ? List.of()
                : uniqueSets.stream().map(List::copyOf).toList();
        description = description == null ? "" : description;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnDef column = columns.get(i);
            if (RESERVED_COLUMNS.contains(column.name())) {
                throw new DefinitionException("columns[" + i + "].name", "column name is reserved: " + column.name());
            }
            if (!seen.add(column.name())) {
                throw new DefinitionException(
                        "columns[" + i + "].name", "duplicate column " + column.name() + " in sheet " + name);
            }
        }
        for (int i = 0; i < uniqueSets.size(); i++) {
            List<String> set = uniqueSets.get(i);
            if (set.isEmpty()) {
                throw new DefinitionException("uniqueSets[" + i + "]", "empty unique column set in sheet " + name);
            }
            for (String column : set) {
                if (!seen.contains(column)) {
                    throw new DefinitionException(
                            "uniqueSets[" + i + "]", "unique set names unknown column " + column + " in sheet " + name);
                }
            }
        }
    }

    public static SheetDef host(String name, String description, ColumnDef... columns) {
        return new SheetDef(name, SheetKind.HOST, List.of(columns), List.of(), description);
    }

    public static SheetDef data(String name, String description, ColumnDef... columns) {
        return new SheetDef(name, SheetKind.DATA, List.of(columns), List.of(), description);
    }

    /** A copy with one more set of columns that must be unique together. */
    public SheetDef withUniqueSet(String... columnNames) {
        var sets = new java.util.ArrayList<>(uniqueSets);
        sets.add(List.of(columnNames));
        return new SheetDef(name, kind, columns, sets, description);
    }

    public Optional<ColumnDef> column(String columnName) {
        // a loop, not a stream: validation and export call this for every cell
        for (ColumnDef column : columns) {
            if (column.name().equals(columnName)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    public boolean hostKind() {
        return kind == SheetKind.HOST;
    }
}

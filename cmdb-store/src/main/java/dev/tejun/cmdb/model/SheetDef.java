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
 * @param label       the name people read (any language), the sheet name when not given
 * @param observes    for an <em>observed</em> sheet (actual state that collectors write), the expected sheet it is
 *                    compared with, column to column; null for an expected sheet. Observed sheets feed no inventory
 * @param locked      every value of the sheet must not change in operation: rows registered, changed, discarded or
 *                    restored only by a {@code cmdb-approver} ({@link Actor#approver})
 */
public record SheetDef(
        String name,
        SheetKind kind,
        List<ColumnDef> columns,
        List<List<String>> uniqueSets,
        String description,
        String label,
        Pairing observes,
        boolean locked) {

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
        label = label == null || label.isBlank() ? name : label.strip();
        if (label.length() > 100) {
            throw new DefinitionException("label", "label of sheet " + name + " is longer than 100 characters");
        }
        Set<String> seen = new HashSet<>();
        java.util.Map<String, String> variables = new java.util.HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnDef column = columns.get(i);
            if (RESERVED_COLUMNS.contains(column.name())) {
                throw new DefinitionException("columns[" + i + "].name", "column name is reserved: " + column.name());
            }
            if (!seen.add(column.name())) {
                throw new DefinitionException(
                        "columns[" + i + "].name", "duplicate column " + column.name() + " in sheet " + name);
            }
            String other = variables.putIfAbsent(column.variable(), column.name());
            if (other != null) {
                throw new DefinitionException(
                        "columns[" + i + "].variable",
                        "columns " + name + "." + other + " and " + name + "." + column.name() + " both feed variable "
                                + column.variable() + "; give one of them another variable name");
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

    /** An expected sheet with no label. */
    public SheetDef(
            String name, SheetKind kind, List<ColumnDef> columns, List<List<String>> uniqueSets, String description) {
        this(name, kind, columns, uniqueSets, description, null, null, false);
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
        return new SheetDef(name, kind, columns, sets, description, label, observes, locked);
    }

    /** A copy shown to people as {@code text}. */
    public SheetDef withLabel(String text) {
        return new SheetDef(name, kind, columns, uniqueSets, description, text, observes, locked);
    }

    /** A copy that is the observed (actual-state) sheet of {@code pairing}. */
    public SheetDef observing(Pairing pairing) {
        return new SheetDef(name, kind, columns, uniqueSets, description, label, pairing, locked);
    }

    /** A copy whose values only a {@code cmdb-approver} may change ({@code on}), or anybody who may edit. */
    public SheetDef withLocked(boolean on) {
        return new SheetDef(name, kind, columns, uniqueSets, description, label, observes, on);
    }

    /** Whether a change to {@code column}'s values needs a {@code cmdb-approver}: the sheet or the column is locked. */
    public boolean locks(ColumnDef column) {
        return locked || column.locked();
    }

    /** Whether collectors write this sheet (actual state) rather than people (expected values). */
    public boolean observed() {
        return observes != null;
    }

    /** The same columns with other definitions; keeps label and pairing. */
    public SheetDef withColumns(List<ColumnDef> newColumns) {
        return new SheetDef(name, kind, newColumns, uniqueSets, description, label, observes, locked);
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

    /**
     * Which expected sheet an observed sheet is compared with, and which of its columns holds the actual value of
     * which expected column.
     *
     * @param sheet   the expected sheet
     * @param columns observed column → expected column; empty means every column present in both by name
     */
    public record Pairing(String sheet, java.util.Map<String, String> columns) {
        public Pairing {
            if (sheet == null || sheet.isBlank()) {
                throw new DefinitionException("observes.sheet", "an observed sheet must name its expected sheet");
            }
            // sorted, so the stored definition and the drift report list columns in one order
            columns = columns == null
                    ? java.util.Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(columns));
        }
    }
}

package dev.tejun.cmdb.excel;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.SheetDef;
import java.util.ArrayList;
import java.util.List;

/**
 * The worksheet layout export writes and import expects, one worksheet per CMDB sheet, named after it:
 * <ol>
 *   <li>row 1: header — {@code _id}, {@code _version} (hidden: which row and which version it was exported at),
 *       {@code discarded}, then {@code host} and {@code operation} for HOST sheets, then the sheet's columns;</li>
 *   <li>row 2: help — each column's type, constraints and description; its {@code _id} cell holds
 *       {@link #HELP_MARKER} so import recognises and skips it;</li>
 *   <li>rows 3…: one row per CMDB row. A blank {@code _id} registers a new row.</li>
 * </ol>
 * Header order is free on import; every header must be present and none may be unknown.
 */
final class ExcelLayout {

    static final String ID = "_id";
    static final String VERSION = "_version";
    static final String DISCARDED = "discarded";
    static final String HOST = "host";
    static final String OPERATION = "operation";
    static final String HELP_MARKER = "#";
    /** Tejun's own columns, which a sheet kept the Exastro way (by host and operation, no ids) does not have. */
    static final java.util.Set<String> BOOKKEEPING = java.util.Set.of(ID, VERSION, DISCARDED);
    /** Headers Japanese operations teams give the key columns, read as the identifiers. */
    static final java.util.Map<String, String> LABELS = java.util.Map.of(
            "ホスト名", HOST,
            "オペレーション名", OPERATION,
            "廃止", DISCARDED);

    private ExcelLayout() {}

    static List<String> headers(SheetDef sheet) {
        List<String> out = new ArrayList<>(List.of(ID, VERSION, DISCARDED));
        if (sheet.hostKind()) {
            out.add(HOST);
            out.add(OPERATION);
        }
        sheet.columns().forEach(c -> out.add(c.name()));
        return out;
    }

    static String help(SheetDef sheet, String header) {
        return switch (header) {
            case ID -> HELP_MARKER;
            case VERSION -> "";
            case DISCARDED -> "TRUE to discard the row, FALSE to restore it";
            case HOST -> "Host name (from the hosts sheet), required";
            case OPERATION -> "Operation this row prepares; blank for the row in force";
            default -> sheet.column(header).map(ExcelLayout::help).orElse("");
        };
    }

    private static String help(ColumnDef column) {
        StringBuilder out = new StringBuilder(column.type().name());
        if (column.required()) {
            out.append(", required");
        }
        if (column.unique()) {
            out.append(", unique");
        }
        if (column.maxLength() != null) {
            out.append(", max ").append(column.maxLength()).append(" chars");
        }
        if (column.min() != null || column.max() != null) {
            out.append(", ")
                    .append(column.min() == null ? "" : column.min().toPlainString())
                    .append("..")
                    .append(column.max() == null ? "" : column.max().toPlainString());
        }
        if (column.referenceSheet() != null) {
            out.append(" → ").append(column.referenceSheet());
        }
        switch (column.type()) {
            case DATE -> out.append(", e.g. 2026-01-31");
            case DATETIME -> out.append(", e.g. 2026-01-31T12:00:00Z");
            case SECRET -> out.append(", blank keeps the stored value");
            default -> {}
        }
        if (!column.description().isEmpty()) {
            out.append(": ").append(column.description());
        }
        return out.toString();
    }
}

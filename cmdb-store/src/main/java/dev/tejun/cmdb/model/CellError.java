package dev.tejun.cmdb.model;

/**
 * One refused value, named precisely enough for a person to find and fix it.
 *
 * @param sheet   the sheet name
 * @param rowRef  which row: the Excel row number for imports, {@code id=N} for stored rows, {@code new} for a
 *                row being registered, or a caller-supplied reference
 * @param column  the column (or {@code host}, {@code operation}, {@code _version}, {@code _header}); null when
 *                the whole row or file is at fault
 * @param message why, in plain words
 */
public record CellError(String sheet, String rowRef, String column, String message) {

    @Override
    public String toString() {
        return sheet + " row " + rowRef + (column == null ? "" : " column " + column) + ": " + message;
    }
}

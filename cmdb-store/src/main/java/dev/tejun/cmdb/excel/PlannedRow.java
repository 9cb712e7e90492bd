package dev.tejun.cmdb.excel;

import dev.tejun.cmdb.model.RowOp;

/**
 * What the import will do with one worksheet row.
 *
 * @param sheet    the CMDB sheet
 * @param excelRow the 1-based row number in the worksheet
 * @param action   what happens to it
 * @param rowId    the CMDB row id, null for a new row
 * @param op       the change to apply, null when UNCHANGED
 */
public record PlannedRow(String sheet, int excelRow, Action action, Long rowId, RowOp op) {

    public enum Action {
        REGISTER,
        UPDATE,
        DISCARD,
        RESTORE,
        UNCHANGED
    }
}

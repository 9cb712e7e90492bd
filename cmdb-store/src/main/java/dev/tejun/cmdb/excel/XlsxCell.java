package dev.tejun.cmdb.excel;

/**
 * One non-empty cell as the file holds it.
 *
 * @param kind   what the cell holds
 * @param text   the text, the number as written in the file, TRUE/FALSE, or the formula
 * @param number the numeric value for NUMBER and DATE cells (DATE: Excel's serial day number)
 */
public record XlsxCell(Kind kind, String text, double number) {

    public enum Kind {
        TEXT,
        NUMBER,
        DATE,
        BOOLEAN,
        FORMULA,
        ERROR
    }
}

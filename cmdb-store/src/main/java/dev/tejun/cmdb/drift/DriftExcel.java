package dev.tejun.cmdb.drift;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * A drift report as .xlsx: one worksheet per expected sheet, a row per host, for each column the expected and the
 * actual value side by side; the actual cell of a differing column is filled red and carries "since" in the last
 * columns. Streamed (SXSSF), so 10,000 hosts × 30 columns do not need the workbook in memory.
 */
public final class DriftExcel {

    private static final int WINDOW = 200;

    private DriftExcel() {}

    public static void write(List<DriftReport> reports, OutputStream out) throws IOException {
        SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
        try {
            CellStyle header = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            header.setFont(bold);
            CellStyle red = workbook.createCellStyle();
            red.setFillForegroundColor(IndexedColors.ROSE.getIndex());
            red.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            for (DriftReport report : reports) {
                sheet(workbook.createSheet(report.expectedSheet()), report, header, red);
            }
            workbook.write(out);
        } finally {
            workbook.close();
        }
    }

    private static void sheet(SXSSFSheet sheet, DriftReport report, CellStyle header, CellStyle red) {
        var head = sheet.createRow(0);
        int col = 0;
        col = text(head, col, "host", header);
        col = text(head, col, "collected", header);
        for (String column : report.columns()) {
            col = text(head, col, column + " (expected)", header);
            col = text(head, col, column + " (actual)", header);
            text(head, col++, column + " (since)", header);
        }
        sheet.createFreezePane(1, 1);
        int r = 1;
        for (HostDrift host : report.hosts()) {
            var row = sheet.createRow(r++);
            int c = text(row, 0, host.host(), null);
            c = text(
                    row,
                    c,
                    host.collectedAt() == null ? "never" : host.collectedAt().toString(),
                    null);
            for (CellDrift cell : host.cells()) {
                c = text(row, c, shown(cell.expected()), null);
                c = text(row, c, shown(cell.actual()), cell.differs() ? red : null);
                c = text(row, c, cell.since() == null ? "" : cell.since().toString(), null);
            }
        }
    }

    private static int text(org.apache.poi.ss.usermodel.Row row, int at, String value, CellStyle style) {
        Cell cell = row.createCell(at);
        cell.setCellValue(value);
        if (style != null) {
            cell.setCellStyle(style);
        }
        return at + 1;
    }

    private static String shown(Object value) {
        return value == null ? "" : value.toString();
    }
}

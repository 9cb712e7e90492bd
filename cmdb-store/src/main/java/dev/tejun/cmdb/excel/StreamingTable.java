package dev.tejun.cmdb.excel;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * A one-sheet .xlsx of text columns under a bold, frozen header, written as {@link ExcelExporter} writes CMDB
 * sheets: SXSSF keeps a window of rows in memory, so a long table (an audit log export) never sits whole in it.
 * Values are written as text cells, never as formulas, whatever they start with.
 */
public final class StreamingTable {

    private static final int WINDOW = 200;

    /** Where the caller puts rows, one {@link #row} call per line. */
    public interface Rows {
        void row(List<String> values);
    }

    private StreamingTable() {}

    public static void write(String sheetName, List<String> headers, Consumer<Rows> rows, OutputStream out)
            throws IOException {
        SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
        try {
            SXSSFSheet sheet = workbook.createSheet(sheetName);
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            var header = sheet.createRow(0);
            for (int i = 0; i < headers.size(); i++) {
                var cell = header.createCell(i);
                cell.setCellValue(headers.get(i));
                cell.setCellStyle(bold);
                sheet.setColumnWidth(i, 20 * 256);
            }
            sheet.createFreezePane(0, 1);
            // An explicit style on each cell spares SXSSF a slow per-column style lookup (see ExcelExporter).
            CellStyle plain = workbook.getCellStyleAt(0);
            int[] next = {1};
            rows.accept(values -> {
                var row = sheet.createRow(next[0]++);
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) != null) {
                        var cell = row.createCell(i);
                        cell.setCellStyle(plain);
                        cell.setCellValue(values.get(i));
                    }
                }
            });
            workbook.write(out);
        } finally {
            workbook.close(); // also deletes SXSSF's temporary files
        }
    }
}

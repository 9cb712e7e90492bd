package dev.tejun.cmdb.excel;

import dev.tejun.cmdb.model.SheetDef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFSheet;

/**
 * The top of a worksheet in the label layout, kept the way Japanese operations teams keep parameter sheets: a
 * title row (the sheet's label), merged group headers ({@code オペレーション} over host and operation,
 * {@code パラメータ} over the sheet's columns), the columns' labels, then a hidden row of the identifiers — which is
 * what import reads, so a header relabelled or written only in Japanese still round-trips — and the help row.
 */
final class LabelHeader {

    /** Rows above the data: title, groups, labels, identifiers (hidden), help. */
    static final int ROWS = 5;
    /** The hidden row of identifiers (0-based). */
    static final int IDENTIFIERS = 3;

    /** The labels written for Tejun's own columns, the reverse of {@link ExcelLayout#LABELS} where it has one. */
    private static final Map<String, String> OWN = Map.of(
            ExcelLayout.HOST, "ホスト名",
            ExcelLayout.OPERATION, "オペレーション名",
            ExcelLayout.DISCARDED, "廃止");

    private LabelHeader() {}

    /**
     * The worksheet's name: the sheet's label when Excel allows it as a worksheet name and no other exported
     * sheet takes it (import finds a sheet by its label), else the identifier.
     */
    static String worksheetName(SheetDef sheet, Set<String> taken) {
        String label = sheet.label();
        try {
            WorkbookUtil.validateSheetName(label);
        } catch (IllegalArgumentException e) {
            return sheet.name();
        }
        String key = label.toLowerCase(java.util.Locale.ROOT);
        return taken.contains(key) ? sheet.name() : label;
    }

    /** Writes the five top rows; returns the first data row (0-based). */
    static int write(SXSSFSheet sheet, SheetDef def, List<String> headers, CellStyle bold, CellStyle help) {
        var title = sheet.createRow(0).createCell(0);
        title.setCellValue(def.label().equals(def.name()) ? def.name() : def.label() + " (" + def.name() + ")");
        title.setCellStyle(bold);
        var groups = sheet.createRow(1);
        int first = headers.indexOf(def.hostKind() ? ExcelLayout.HOST : ExcelLayout.DISCARDED) + 1;
        if (def.hostKind()) {
            group(sheet, groups, "オペレーション", first - 1, first, bold);
            first += 1;
        }
        group(sheet, groups, "パラメータ", first, headers.size() - 1, bold);
        var labels = sheet.createRow(2);
        var identifiers = sheet.createRow(IDENTIFIERS);
        var helpRow = sheet.createRow(4);
        for (int i = 0; i < headers.size(); i++) {
            String header = headers.get(i);
            var label = labels.createCell(i);
            label.setCellValue(label(def, header));
            label.setCellStyle(bold);
            identifiers.createCell(i).setCellValue(header);
            var h = helpRow.createCell(i);
            h.setCellValue(ExcelLayout.help(def, header));
            h.setCellStyle(help);
        }
        identifiers.setZeroHeight(true);
        return ROWS;
    }

    private static String label(SheetDef def, String header) {
        return def.column(header).map(c -> c.label()).orElse(OWN.getOrDefault(header, header));
    }

    private static void group(
            SXSSFSheet sheet, org.apache.poi.ss.usermodel.Row row, String text, int from, int to, CellStyle bold) {
        if (from > to) {
            return; // a sheet without columns has no parameters to head
        }
        var cell = row.createCell(from);
        cell.setCellValue(text);
        cell.setCellStyle(bold);
        if (to > from) {
            sheet.addMergedRegion(new CellRangeAddress(1, 1, from, to));
        }
    }
}

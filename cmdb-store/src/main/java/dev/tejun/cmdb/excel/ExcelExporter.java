package dev.tejun.cmdb.excel;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.NotFoundException;
import dev.tejun.cmdb.validation.JsonValues;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes sheets as an .xlsx workbook in the {@link ExcelLayout}. Streams (POI SXSSF, a window of rows in memory,
 * rows read from the store one at a time), so a 100,000-row sheet does not need the whole workbook in memory.
 * Secrets are written blank; ENUM, BOOLEAN and {@code discarded} columns get dropdown validation.
 */
public final class ExcelExporter {

    /** How the top of each worksheet looks; import reads both. */
    public enum Layout {
        /** {@link ExcelLayout}: identifiers in row 1, the help row under it, worksheets named by identifier. */
        TEJUN,
        /** {@link LabelHeader}: title, group headers and labels, identifiers in a hidden row; named by label. */
        LABELS;

        /** {@code tejun} or {@code labels}; null for an unknown word. */
        public static Layout of(String word) {
            return switch (word == null ? "" : word.toLowerCase(java.util.Locale.ROOT)) {
                case "tejun" -> TEJUN;
                case "labels", "label" -> LABELS;
                default -> null;
            };
        }
    }

    private static final int WINDOW = 200;
    /** Above 2^53 a long does not survive Excel's doubles; such values are written as text. */
    private static final long EXACT_DOUBLE = 1L << 53;

    private final CmdbStore store;

    public ExcelExporter(CmdbStore store) {
        this.store = store;
    }

    /** Writes the named sheets (all sheets when the list is empty), current and discarded rows. */
    public void export(List<String> sheetNames, OutputStream out) throws IOException {
        export(sheetNames, Layout.TEJUN, out);
    }

    /** The same in either layout. */
    public void export(List<String> sheetNames, Layout layout, OutputStream out) throws IOException {
        List<SheetDef> sheets = sheetNames.isEmpty()
                ? store.sheets()
                : sheetNames.stream()
                        .map(name -> store.sheet(name).orElseThrow(() -> new NotFoundException("no sheet " + name)))
                        .toList();
        SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
        try {
            Styles styles = new Styles(workbook);
            java.util.Set<String> taken = new java.util.HashSet<>();
            if (layout == Layout.LABELS) {
                sheets.forEach(d -> taken.add(d.name()));
            }
            for (SheetDef sheet : sheets) {
                String name = layout == Layout.LABELS ? LabelHeader.worksheetName(sheet, taken) : sheet.name();
                taken.add(name.toLowerCase(java.util.Locale.ROOT));
                write(workbook.createSheet(name), workbook, styles, sheet, layout);
            }
            workbook.write(out);
        } finally {
            workbook.close(); // also deletes SXSSF's temporary files
        }
    }

    private record Styles(CellStyle header, CellStyle help) {
        Styles(SXSSFWorkbook workbook) {
            this(workbook.createCellStyle(), workbook.createCellStyle());
            Font bold = workbook.createFont();
            bold.setBold(true);
            header.setFont(bold);
            Font italic = workbook.createFont();
            italic.setItalic(true);
            help.setFont(italic);
            help.setWrapText(true);
        }
    }

    private void write(SXSSFSheet sheet, SXSSFWorkbook workbook, Styles styles, SheetDef def, Layout layout) {
        List<String> headers = ExcelLayout.headers(def);
        int dataRow = layout == Layout.LABELS
                ? LabelHeader.write(sheet, def, headers, styles.header(), styles.help())
                : tejunHeader(sheet, def, headers, styles);
        for (int i = 0; i < headers.size(); i++) {
            sheet.setColumnWidth(i, 20 * 256);
        }
        sheet.setColumnHidden(0, true);
        sheet.setColumnHidden(1, true);
        sheet.createFreezePane(0, dataRow);
        dropdowns(sheet, def, headers, dataRow);
        int[] next = {dataRow};
        // Every data cell gets the default style explicitly: a cell without one makes SXSSF look up its column's
        // style through XmlBeans when the row is flushed, which was two thirds of a 100,000-row export.
        CellStyle plain = workbook.getCellStyleAt(0);
        List<ColumnDef> columns =
                headers.stream().map(h -> def.column(h).orElse(null)).toList();
        store.forEach(
                def.name(), RowQuery.all(), row -> writeRow(sheet.createRow(next[0]++), def, columns, plain, row));
    }

    /** Row 1 the identifiers, row 2 the help; returns the first data row (0-based). */
    private static int tejunHeader(SXSSFSheet sheet, SheetDef def, List<String> headers, Styles styles) {
        var headerRow = sheet.createRow(0);
        var helpRow = sheet.createRow(1);
        for (int i = 0; i < headers.size(); i++) {
            Cell h = headerRow.createCell(i);
            h.setCellValue(headers.get(i));
            h.setCellStyle(styles.header());
            Cell help = helpRow.createCell(i);
            help.setCellValue(ExcelLayout.help(def, headers.get(i)));
            help.setCellStyle(styles.help());
        }
        return 2;
    }

    private static void writeRow(
            org.apache.poi.ss.usermodel.Row out, SheetDef def, List<ColumnDef> columns, CellStyle plain, Row row) {
        cell(out, 0, plain).setCellValue(row.id());
        cell(out, 1, plain).setCellValue(row.version());
        cell(out, 2, plain).setCellValue(row.discarded());
        int first = 3;
        if (def.hostKind()) {
            cell(out, 3, plain).setCellValue(row.host());
            if (row.operation() != null) {
                cell(out, 4, plain).setCellValue(row.operation());
            }
            first = 5;
        }
        for (int i = first; i < columns.size(); i++) {
            ColumnDef column = columns.get(i);
            Object value = row.value(column.name());
            if (value == null || column.type() == ColumnType.SECRET) {
                continue;
            }
            Cell cell = cell(out, i, plain);
            switch (value) {
                case Long l when Math.abs(l) < EXACT_DOUBLE -> cell.setCellValue(l);
                case BigDecimal d
                when new BigDecimal(Double.toString(d.doubleValue())).compareTo(d) == 0 ->
                    cell.setCellValue(d.doubleValue());
                case Boolean b -> cell.setCellValue(b);
                case BigDecimal d -> cell.setCellValue(d.toPlainString());
                case List<?> l -> cell.setCellValue(JsonValues.text(l));
                case Map<?, ?> m -> cell.setCellValue(JsonValues.text(m));
                default -> cell.setCellValue(value.toString());
            }
        }
    }

    private static Cell cell(org.apache.poi.ss.usermodel.Row row, int column, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellStyle(style);
        return cell;
    }

    private static void dropdowns(SXSSFSheet sheet, SheetDef def, List<String> headers, int dataRow) {
        DataValidationHelper helper = sheet.getDataValidationHelper();
        int lastRow = SpreadsheetVersion.EXCEL2007.getLastRowIndex();
        for (int i = 0; i < headers.size(); i++) {
            String[] choices = null;
            if (headers.get(i).equals(ExcelLayout.DISCARDED)) {
                choices = new String[] {"TRUE", "FALSE"};
            } else {
                ColumnDef column = def.column(headers.get(i)).orElse(null);
                if (column != null && column.type() == ColumnType.BOOLEAN) {
                    choices = new String[] {"TRUE", "FALSE"};
                } else if (column != null
                        && column.type() == ColumnType.ENUM
                        && String.join(",", column.enumValues()).length() <= 255) {
                    // Excel caps an inline list at 255 characters; longer enums are still checked on import.
                    choices = column.enumValues().toArray(String[]::new);
                }
            }
            if (choices != null) {
                DataValidation validation = helper.createValidation(
                        helper.createExplicitListConstraint(choices), new CellRangeAddressList(dataRow, lastRow, i, i));
                validation.setShowErrorBox(true);
                sheet.addValidationData(validation);
            }
        }
    }
}

package dev.tejun.cmdb.excel;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads worksheets with a SAX pass over the sheet XML (POI's event API) instead of building the workbook in
 * memory, and keeps the cell type the file states — so formula cells can be refused rather than silently taken
 * for their cached result, and a huge upload stops at {@code maxRows} instead of exhausting the heap.
 */
public final class XlsxReader {

    /**
     * One worksheet: its name, its non-empty rows (1-based Excel row number → column index → cell) and its merged
     * ranges (0-based, as POI counts).
     */
    public record Worksheet(
            String name,
            TreeMap<Integer, Map<Integer, XlsxCell>> rows,
            boolean truncated,
            List<org.apache.poi.ss.util.CellRangeAddress> merged) {

        /** The merged range that covers this cell (1-based row) below its first row, or null. */
        public org.apache.poi.ss.util.CellRangeAddress mergedAbove(int excelRow, int column) {
            for (var range : merged) {
                if (range.isInRange(excelRow - 1, column) && range.getFirstRow() < excelRow - 1) {
                    return range;
                }
            }
            return null;
        }
    }

    private XlsxReader() {}

    /** Every worksheet of the file (other importers than the CMDB's read workbooks the same careful way). */
    public static List<Worksheet> read(java.nio.file.Path file, int maxRows) throws IOException, SAXException {
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), org.apache.poi.openxml4j.opc.PackageAccess.READ)) {
            return read(pkg, maxRows);
        } catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException
                | org.apache.poi.openxml4j.exceptions.NotOfficeXmlFileException e) {
            throw new IOException("not a readable .xlsx workbook: " + e.getMessage(), e);
        }
    }

    static List<Worksheet> read(OPCPackage pkg, int maxRows) throws IOException, SAXException {
        try {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
            StylesTable styles = reader.getStylesTable();
            List<Worksheet> out = new ArrayList<>();
            XSSFReader.SheetIterator it = (XSSFReader.SheetIterator) reader.getSheetsData();
            while (it.hasNext()) {
                try (InputStream sheetXml = it.next()) {
                    Handler handler = new Handler(strings, styles, maxRows);
                    XMLReader parser = XMLHelper.newXMLReader();
                    parser.setContentHandler(handler);
                    try {
                        parser.parse(new InputSource(sheetXml));
                    } catch (TooManyRows stop) {
                        // handler.truncated is set; the rows read so far are enough to report the refusal
                    }
                    out.add(new Worksheet(it.getSheetName(), handler.rows, handler.truncated, handler.merged));
                }
            }
            return out;
        } catch (OpenXML4JException | ParserConfigurationException e) {
            throw new IOException("not a readable .xlsx workbook: " + e.getMessage(), e);
        }
    }

    private static final class TooManyRows extends SAXException {
        TooManyRows() {
            super("too many rows");
        }
    }

    private static final class Handler extends DefaultHandler {
        final TreeMap<Integer, Map<Integer, XlsxCell>> rows = new TreeMap<>();
        final List<org.apache.poi.ss.util.CellRangeAddress> merged = new ArrayList<>();
        final ReadOnlySharedStringsTable strings;
        final StylesTable styles;
        final int maxRows;
        boolean truncated;

        int rowNumber;
        int column;
        String type;
        String style;
        boolean formula;
        boolean inValue;
        boolean inInline;
        boolean hasInline;
        /** Whether the cell has a {@code <v>} (outside its inline string). */
        boolean hasValue;

        final StringBuilder value = new StringBuilder();
        final StringBuilder inline = new StringBuilder();
        final StringBuilder formulaText = new StringBuilder();
        boolean inFormula;

        Handler(ReadOnlySharedStringsTable strings, StylesTable styles, int maxRows) {
            this.strings = strings;
            this.styles = styles;
            this.maxRows = maxRows;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            switch (localName) {
                case "row" -> {
                    String r = atts.getValue("r");
                    rowNumber = r == null ? rowNumber + 1 : Integer.parseInt(r);
                    column = -1;
                }
                case "c" -> {
                    String ref = atts.getValue("r");
                    column = ref == null ? column + 1 : columnIndex(ref);
                    type = atts.getValue("t");
                    style = atts.getValue("s");
                    formula = false;
                    hasInline = false;
                    hasValue = false;
                    value.setLength(0);
                    inline.setLength(0);
                    formulaText.setLength(0);
                }
                case "f" -> {
                    formula = true;
                    inFormula = true;
                }
                case "is" -> {
                    inInline = true;
                    hasInline = true;
                }
                case "v", "t" -> {
                    inValue = true;
                    hasValue |= !inInline;
                }
                case "mergeCell" -> {
                    String ref = atts.getValue("ref");
                    if (ref != null && ref.contains(":")) {
                        merged.add(org.apache.poi.ss.util.CellRangeAddress.valueOf(ref));
                    }
                }
                default -> {}
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inFormula) {
                formulaText.append(ch, start, length);
            } else if (inValue) {
                (inInline ? inline : value).append(ch, start, length);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            switch (localName) {
                case "f" -> inFormula = false;
                case "is" -> inInline = false;
                case "v", "t" -> inValue = false;
                case "c" -> cell();
                default -> {}
            }
        }

        private void cell() throws SAXException {
            XlsxCell cell = make();
            if (cell == null) {
                return;
            }
            if (!rows.containsKey(rowNumber) && rows.size() >= maxRows) {
                truncated = true;
                throw new TooManyRows();
            }
            rows.computeIfAbsent(rowNumber, r -> new TreeMap<>()).put(column, cell);
        }

        private XlsxCell make() {
            String text = value.toString();
            if (formula) {
                return new XlsxCell(XlsxCell.Kind.FORMULA, "=" + formulaText, 0);
            }
            if (type == null || type.equals("n")) {
                if (text.isEmpty()) {
                    return null;
                }
                double number = Double.parseDouble(text);
                return new XlsxCell(isDate() ? XlsxCell.Kind.DATE : XlsxCell.Kind.NUMBER, text, number);
            }
            return switch (type) {
                case "s" ->
                    new XlsxCell(
                            XlsxCell.Kind.TEXT,
                            strings.getItemAt(Integer.parseInt(text)).getString(),
                            0);
                // An inline string lives in <is>. POI's setCellValue on one writes the new text to a <v> beside it
                // and leaves the old text in <is> (Excel and LibreOffice write no <v> there): a <v> is the newer.
                case "inlineStr" -> {
                    String t = hasValue || !hasInline ? text : inline.toString();
                    yield t.isEmpty() ? null : new XlsxCell(XlsxCell.Kind.TEXT, t, 0);
                }
                case "str", "d" -> text.isEmpty() ? null : new XlsxCell(XlsxCell.Kind.TEXT, text, 0);
                case "b" -> new XlsxCell(XlsxCell.Kind.BOOLEAN, "1".equals(text) ? "TRUE" : "FALSE", 0);
                case "e" -> new XlsxCell(XlsxCell.Kind.ERROR, text, 0);
                default -> new XlsxCell(XlsxCell.Kind.TEXT, text, 0);
            };
        }

        private boolean isDate() {
            if (style == null || styles == null) {
                return false;
            }
            XSSFCellStyle cellStyle = styles.getStyleAt(Integer.parseInt(style));
            return cellStyle != null
                    && DateUtil.isADateFormat(cellStyle.getDataFormat(), cellStyle.getDataFormatString());
        }
    }

    /** "AB12" → 27. */
    static int columnIndex(String ref) {
        int index = 0;
        for (int i = 0; i < ref.length() && Character.isLetter(ref.charAt(i)); i++) {
            index = index * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
        }
        return index - 1;
    }
}

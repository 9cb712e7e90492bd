package dev.tejun.cmdb.excel;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A minimal .xlsx written straight into its zip: text cells only, three styles (plain, bold header, red fill), a
 * frozen first row and column. For large reports (a drift of 10,000 hosts × 30 columns is ~900,000 cells) where
 * POI's SXSSF spends most of its time looking up column styles through XmlBeans and writes every row twice (to a
 * temporary file, then into the zip): this writes each cell once, compressed at the fastest level.
 *
 * <p>Use: {@code sheet(name)} then {@code row(...)} per row, sheets one after another, then {@link #finish()}.
 * Values are always inline strings, never formulas, whatever they start with.
 */
public final class XlsxWriter {

    /** How a cell looks; the ordinal is its index in styles.xml's cellXfs. */
    public enum Style {
        PLAIN,
        BOLD,
        RED
    }

    private static final int MAX_SHEET_NAME = 31;

    private final ZipOutputStream zip;
    private final Writer xml;
    private final List<String> sheets = new ArrayList<>();
    private int rowNumber;
    private boolean inSheet;

    public XlsxWriter(OutputStream out) {
        zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        zip.setLevel(Deflater.BEST_SPEED);
        xml = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Starts a worksheet (ending the one before); its first row and column stay in view when scrolling. */
    public void sheet(String name) throws IOException {
        endSheet();
        String shown = name.length() > MAX_SHEET_NAME ? name.substring(0, MAX_SHEET_NAME) : name;
        sheets.add(shown);
        zip.putNextEntry(new ZipEntry("xl/worksheets/sheet" + sheets.size() + ".xml"));
        xml.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<sheetViews><sheetView workbookViewId=\"0\"><pane xSplit=\"1\" ySplit=\"1\" topLeftCell=\"B2\""
                + " activePane=\"bottomRight\" state=\"frozen\"/></sheetView></sheetViews><sheetData>");
        rowNumber = 0;
        inSheet = true;
    }

    /**
     * Appends a row; a null or empty value leaves its cell out unless it is styled.
     *
     * @param styles one per value, or null for all plain
     */
    public void row(List<String> values, List<Style> styles) throws IOException {
        if (!inSheet) {
            throw new IllegalStateException("row before sheet");
        }
        rowNumber++;
        xml.write("<row r=\"");
        xml.write(Integer.toString(rowNumber));
        xml.write("\">");
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            Style style = styles == null ? Style.PLAIN : styles.get(i);
            boolean empty = value == null || value.isEmpty();
            if (empty && style == Style.PLAIN) {
                continue;
            }
            xml.write("<c r=\"");
            xml.write(column(i));
            xml.write(Integer.toString(rowNumber));
            if (style != Style.PLAIN) {
                xml.write("\" s=\"");
                xml.write(Integer.toString(style.ordinal()));
            }
            if (empty) {
                xml.write("\"/>");
                continue;
            }
            xml.write("\" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
            escape(value);
            xml.write("</t></is></c>");
        }
        xml.write("</row>");
    }

    /** Ends the last sheet and writes the workbook parts; does not close the stream underneath. */
    public void finish() throws IOException {
        if (sheets.isEmpty()) {
            sheet("empty");
        }
        endSheet();
        part("[Content_Types].xml", contentTypes());
        part(
                "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                        + "relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        part("xl/workbook.xml", workbook());
        part("xl/_rels/workbook.xml.rels", workbookRels());
        part("xl/styles.xml", STYLES);
        zip.finish();
    }

    private void endSheet() throws IOException {
        if (inSheet) {
            xml.write("</sheetData></worksheet>");
            xml.flush();
            zip.closeEntry();
            inSheet = false;
        }
    }

    private void part(String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        xml.write(text);
        xml.flush();
        zip.closeEntry();
    }

    private String contentTypes() {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/"
                + "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/"
                + "vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
        for (int i = 1; i <= sheets.size(); i++) {
            s.append("<Override PartName=\"/xl/worksheets/sheet")
                    .append(i)
                    .append(".xml\" ContentType=\"application/"
                            + "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        }
        return s.append("</Types>").toString();
    }

    private String workbook() {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
                + " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>");
        for (int i = 1; i <= sheets.size(); i++) {
            s.append("<sheet name=\"")
                    .append(escaped(sheets.get(i - 1)))
                    .append("\" sheetId=\"")
                    .append(i)
                    .append("\" r:id=\"rId")
                    .append(i)
                    .append("\"/>");
        }
        return s.append("</sheets></workbook>").toString();
    }

    private String workbookRels() {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        for (int i = 1; i <= sheets.size(); i++) {
            s.append("<Relationship Id=\"rId")
                    .append(i)
                    .append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                            + "worksheet\" Target=\"worksheets/sheet")
                    .append(i)
                    .append(".xml\"/>");
        }
        int styles = sheets.size() + 1;
        s.append("<Relationship Id=\"rId")
                .append(styles)
                .append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\""
                        + " Target=\"styles.xml\"/>");
        return s.append("</Relationships>").toString();
    }

    /** Plain, bold, and a solid rose fill (the colour POI's IndexedColors.ROSE names), in {@link Style} order. */
    private static final String STYLES = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
            + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
            + "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill>"
            + "<fill><patternFill patternType=\"gray125\"/></fill>"
            + "<fill><patternFill patternType=\"solid\"><fgColor indexed=\"45\"/></patternFill></fill></fills>"
            + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
            + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFill=\"1\"/></cellXfs>"
            + "</styleSheet>";

    private final List<String> columnNames = new ArrayList<>();

    /** A1-style column letters, computed once per column index. */
    private String column(int index) {
        while (columnNames.size() <= index) {
            int n = columnNames.size() + 1;
            StringBuilder s = new StringBuilder();
            while (n > 0) {
                int rem = (n - 1) % 26;
                s.insert(0, (char) ('A' + rem));
                n = (n - 1) / 26;
            }
            columnNames.add(s.toString());
        }
        return columnNames.get(index);
    }

    private void escape(String value) throws IOException {
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            String entity = switch (ch) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                default -> ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' ? "" : null;
            };
            if (entity != null) {
                xml.write(value, start, i - start);
                xml.write(entity);
                start = i + 1;
            }
        }
        xml.write(value, start, value.length() - start);
    }

    private static String escaped(String value) {
        return value.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}

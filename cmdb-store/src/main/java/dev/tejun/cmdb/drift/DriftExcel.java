package dev.tejun.cmdb.drift;

import dev.tejun.cmdb.excel.XlsxWriter;
import dev.tejun.cmdb.excel.XlsxWriter.Style;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A drift report as .xlsx: one worksheet per expected sheet, a row per host, for each column the expected and the
 * actual value side by side; the actual cell of a differing column is filled red and carries "since" in the column
 * after it. Streamed through {@link XlsxWriter}, so 10,000 hosts × 30 columns never sit in memory.
 */
public final class DriftExcel {

    private DriftExcel() {}

    public static void write(List<DriftReport> reports, OutputStream out) throws IOException {
        XlsxWriter xlsx = new XlsxWriter(out);
        for (DriftReport report : reports) {
            sheet(xlsx, report);
        }
        xlsx.finish();
    }

    private static void sheet(XlsxWriter xlsx, DriftReport report) throws IOException {
        xlsx.sheet(report.expectedSheet());
        List<String> head = new ArrayList<>(List.of("host", "collected"));
        for (String column : report.columns()) {
            head.add(column + " (expected)");
            head.add(column + " (actual)");
            head.add(column + " (since)");
        }
        xlsx.row(head, List.of(head.stream().map(h -> Style.BOLD).toArray(Style[]::new)));
        int width = head.size();
        List<String> values = new ArrayList<>(width);
        List<Style> styles = new ArrayList<>(width);
        for (HostDrift host : report.hosts()) {
            values.clear();
            styles.clear();
            add(values, styles, host.host(), Style.PLAIN);
            add(
                    values,
                    styles,
                    host.collectedAt() == null ? "never" : host.collectedAt().toString(),
                    Style.PLAIN);
            for (CellDrift cell : host.cells()) {
                add(values, styles, shown(cell.expected()), Style.PLAIN);
                add(values, styles, shown(cell.actual()), cell.differs() ? Style.RED : Style.PLAIN);
                add(values, styles, cell.since() == null ? null : cell.since().toString(), Style.PLAIN);
            }
            xlsx.row(values, styles);
        }
    }

    private static void add(List<String> values, List<Style> styles, String value, Style style) {
        values.add(value);
        styles.add(style);
    }

    private static String shown(Object value) {
        return value == null ? null : value.toString();
    }
}

package dev.tejun.kernel.exec.cmdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a query returned: column names, rows of plain values (Long, Double, String or null) and whether the row
 * limit cut it short. Rendered as the {@value #MIME} result (the notebook's table, kept whole in evidence) and as
 * an aligned text table on stdout (for the CLI and the evidence report).
 */
record ResultTable(List<String> columns, List<List<Object>> rows, boolean truncated) {

    static final String MIME = "application/vnd.tejun.table+json";
    /** Longest cell shown in the text table; the JSON result keeps every value whole. */
    static final int MAX_TEXT_WIDTH = 60;

    private static final ObjectMapper JSON = Json.MAPPER;

    String json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("columns", columns);
        doc.put("rows", rows);
        doc.put("truncated", truncated);
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String text() {
        List<List<String>> cells = new ArrayList<>();
        cells.add(columns);
        for (List<Object> row : rows) {
            cells.add(row.stream().map(ResultTable::shown).toList());
        }
        int[] widths = new int[columns.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], width(line.get(i)));
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, columns, widths, null);
        for (int i = 0; i < widths.length; i++) {
            out.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.append('\n');
        for (int r = 0; r < rows.size(); r++) {
            line(out, cells.get(r + 1), widths, rows.get(r));
        }
        out.append('(').append(rows.size()).append(rows.size() == 1 ? " row" : " rows");
        out.append(truncated ? ", truncated at the limit)" : ")").append('\n');
        return out.toString();
    }

    /** One line; numbers are right-aligned, like every SQL shell does. */
    private static void line(StringBuilder out, List<String> cells, int[] widths, List<Object> values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(widths[i] - width(cell));
            boolean number = values != null && values.get(i) instanceof Number;
            line.append(i == 0 ? "" : " | ").append(number ? pad + cell : cell + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String shown(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString().replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        if (text.codePointCount(0, text.length()) > MAX_TEXT_WIDTH) {
            text = text.substring(0, text.offsetByCodePoints(0, MAX_TEXT_WIDTH - 1)) + "…";
        }
        return text;
    }

    /** Columns a terminal gives the text: East Asian wide characters take two, so Japanese values stay aligned. */
    static int width(String text) {
        return text.codePoints().map(cp -> wide(cp) ? 2 : 1).sum();
    }

    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1FAFF)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }
}

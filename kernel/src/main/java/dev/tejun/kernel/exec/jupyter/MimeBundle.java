package dev.tejun.kernel.exec.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.Json;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Jupyter MIME bundle ({@code {"image/png": …, "text/plain": …}}) as the one result Tejun shows: the richest
 * representation it draws (PNG, HTML, JSON as a table or tree, then text). Kernels' live displays and a notebook's
 * saved outputs go through the same choice.
 */
public final class MimeBundle {

    public static final String PNG = "image/png";
    public static final String HTML = "text/html";
    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain";
    public static final String TABLE = "application/vnd.tejun.table+json";

    /** IPython colours its tracebacks with ANSI escapes; evidence and the browser get plain text. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    /** One representation: its MIME type and its data as Tejun's result events carry it. */
    public record Shown(String mime, String data) {}

    private MimeBundle() {}

    /** The representation to show, or null when the bundle has none Tejun draws. */
    public static Shown richest(JsonNode data) {
        if (data.path(PNG).isTextual() || data.path(PNG).isArray()) {
            // base64, as the kernel sent it; line breaks some kernels add are dropped
            return new Shown(PNG, text(data.path(PNG)).replaceAll("\\s", ""));
        }
        if (data.path(HTML).isTextual() || data.path(HTML).isArray()) {
            return new Shown(HTML, text(data.path(HTML)));
        }
        if (!data.path(JSON).isMissingNode()) {
            String table = table(data.path(JSON));
            return table != null ? new Shown(TABLE, table) : new Shown(JSON, json(data.path(JSON)));
        }
        if (!data.path(TEXT).isMissingNode()) {
            return new Shown(TEXT, text(data.path(TEXT)));
        }
        return null;
    }

    /** A multiline string of nbformat: one string, or a list of lines to join. */
    public static String text(JsonNode node) {
        if (node.isArray()) {
            StringBuilder b = new StringBuilder();
            node.forEach(n -> b.append(n.asText()));
            return b.toString();
        }
        return node.asText();
    }

    /** The text without ANSI colour escapes. */
    public static String plain(String text) {
        return ANSI.matcher(text).replaceAll("");
    }

    private static String json(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            return node.toString();
        }
    }

    /** {@code [{a:1,b:2},…]} as Tejun's table JSON ({@code columns}, {@code rows}), or null for another shape. */
    static String table(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            return null;
        }
        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode row : node) {
            if (!row.isObject()) {
                return null;
            }
            row.fieldNames().forEachRemaining(columns::add);
        }
        var out = Json.MAPPER.createObjectNode();
        var cols = out.putArray("columns");
        columns.forEach(cols::add);
        var rows = out.putArray("rows");
        for (JsonNode row : node) {
            var r = rows.addArray();
            for (String col : columns) {
                r.add(row.get(col));
            }
        }
        return out.toString();
    }
}

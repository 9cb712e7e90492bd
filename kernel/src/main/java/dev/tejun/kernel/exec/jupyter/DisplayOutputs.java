package dev.tejun.kernel.exec.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.exec.Output;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the kernel's iopub messages into Tejun's output events: {@code stream} into stdout/stderr bytes,
 * {@code execute_result} and {@code display_data} into one result each (the richest representation Tejun shows:
 * PNG, HTML, JSON as a table or tree, then text), {@code error} into its traceback on stderr.
 */
final class DisplayOutputs {

    static final String PNG = "image/png";
    static final String HTML = "text/html";
    static final String JSON = "application/json";
    static final String TEXT = "text/plain";
    static final String TABLE = "application/vnd.tejun.table+json";

    /** IPython colours its tracebacks with ANSI escapes; evidence and the browser get plain text. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private final Output output;
    private String value;
    private String errorName;
    private String errorValue;

    DisplayOutputs(Output output) {
        this.output = output;
    }

    /** Handles one iopub message of the cell's request. */
    void accept(KernelMessage m) {
        JsonNode c = m.content();
        switch (m.type()) {
            case "stream" -> {
                String text = c.path("text").asText("");
                if ("stderr".equals(c.path("name").asText())) {
                    output.stderr(text);
                } else {
                    output.stdout(text);
                }
            }
            case "execute_result" -> {
                JsonNode plain = c.path("data").path(TEXT);
                if (plain.isTextual()) {
                    value = plain.asText();
                }
                display(c.path("data"));
            }
            case "display_data", "update_display_data" -> display(c.path("data"));
            case "error" -> {
                errorName = c.path("ename").asText("Error");
                errorValue = c.path("evalue").asText("");
                List<String> lines = new ArrayList<>();
                c.path("traceback").forEach(l -> lines.add(plain(l.asText())));
                String text = lines.isEmpty() ? errorName + ": " + errorValue : String.join("\n", lines);
                output.stderr(text.endsWith("\n") ? text : text + "\n");
            }
            default -> {
                // status, execute_input, clear_output, comm messages: nothing a record keeps
            }
        }
    }

    private void display(JsonNode data) {
        if (data.path(PNG).isTextual()) {
            // base64, as the kernel sent it; line breaks some kernels add are dropped
            output.result(PNG, data.path(PNG).asText().replaceAll("\\s", ""));
        } else if (data.path(HTML).isTextual() || data.path(HTML).isArray()) {
            output.result(HTML, text(data.path(HTML)));
        } else if (!data.path(JSON).isMissingNode()) {
            output.result(table(data.path(JSON)) != null ? TABLE : JSON, json(data.path(JSON)));
        } else if (!data.path(TEXT).isMissingNode()) {
            output.result(TEXT, text(data.path(TEXT)));
        }
    }

    private static String text(JsonNode node) {
        if (node.isArray()) {
            StringBuilder b = new StringBuilder();
            node.forEach(n -> b.append(n.asText()));
            return b.toString();
        }
        return node.asText();
    }

    /** A JSON list of objects is shown as a table; anything else as a tree. */
    private static String json(JsonNode node) {
        try {
            String table = table(node);
            return table != null ? table : Json.MAPPER.writeValueAsString(node);
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
                JsonNode v = row.get(col);
                r.add(v == null ? null : v);
            }
        }
        return out.toString();
    }

    static String plain(String text) {
        return ANSI.matcher(text).replaceAll("");
    }

    /** The text of the cell's {@code execute_result}, or null when it had none. */
    String value() {
        return value;
    }

    String errorName() {
        return errorName;
    }

    /** {@code NameError: name 'x' is not defined}, or null when no error came. */
    String error() {
        return errorName == null ? null : errorValue.isEmpty() ? errorName : errorName + ": " + errorValue;
    }
}

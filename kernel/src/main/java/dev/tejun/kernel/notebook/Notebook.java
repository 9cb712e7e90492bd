package dev.tejun.kernel.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.exec.jupyter.MimeBundle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A notebook as read from its JSON (nbformat 4, and 3's worksheets): its metadata and cells, each with its source
 * joined into one text and its recorded outputs as they are.
 */
record Notebook(int nbformat, int minor, ObjectNode metadata, List<NbCell> cells) {

    /** One cell; {@code outputs} is empty for Markdown and raw cells. */
    record NbCell(String type, String source, ObjectNode metadata, List<JsonNode> outputs) {}

    /** @throws IllegalArgumentException when the bytes are not a notebook, saying why */
    static Notebook read(byte[] bytes) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a notebook: the file is not JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject() || !root.has("nbformat")) {
            throw new IllegalArgumentException("not a notebook: no nbformat field");
        }
        int format = root.path("nbformat").asInt();
        if (format < 3 || format > 4) {
            throw new IllegalArgumentException("nbformat " + format + " is not supported (3 and 4 are)");
        }
        JsonNode cellsNode = root.path("cells");
        if (format == 3) {
            List<JsonNode> all = new ArrayList<>();
            root.path("worksheets").forEach(ws -> ws.path("cells").forEach(all::add));
            cellsNode = Json.MAPPER.valueToTree(all);
        }
        List<NbCell> cells = new ArrayList<>();
        for (JsonNode c : cellsNode) {
            String source = text(c.has("source") ? c.path("source") : c.path("input"));
            List<JsonNode> outputs = new ArrayList<>();
            c.path("outputs").forEach(outputs::add);
            ObjectNode meta = c.path("metadata") instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
            String type = c.path("cell_type").asText("raw");
            cells.add(new NbCell(type.equals("heading") ? "markdown" : type, heading(c, source), meta, outputs));
        }
        ObjectNode meta = root.path("metadata") instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
        return new Notebook(format, root.path("nbformat_minor").asInt(), meta, cells);
    }

    /** nbformat 3's heading cells are Markdown headings. */
    private static String heading(JsonNode c, String source) {
        if ("heading".equals(c.path("cell_type").asText())) {
            return "#".repeat(Math.max(1, c.path("level").asInt(1))) + " " + source;
        }
        return source;
    }

    /** A multiline string of nbformat, or "" for none. */
    static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "" : MimeBundle.text(node);
    }

    /** The kernel's language: the kernelspec's, else language_info's, else python. */
    String language() {
        String lang = metadata.path("kernelspec").path("language").asText("");
        if (lang.isEmpty()) {
            lang = metadata.path("language_info").path("name").asText("");
        }
        return lang.isEmpty() ? "python" : lang.toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.tejun.kernel.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.runbook.Problem;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attribute forms another Markdown-runbook tool (Runme) writes, read so that its runbooks open here as meant:
 * JSON ({@code {"name":"x","cwd":"sub"}}) and {@code { name=x interactive=false }}. Its {@code name} is our
 * {@code #id}; {@code cwd} is ours already; its keys that mean nothing here are dropped with one warning per fence.
 */
final class ForeignAttributes {

    /** Runme's keys with no meaning in Tejun (a cell here is never interactive, never in the background, …). */
    static final Set<String> IGNORED = Set.of(
            "interactive",
            "background",
            "closeTerminalOnSuccess",
            "excludeFromRunAll",
            "promptEnv",
            "mimeType",
            "terminalRows",
            "category",
            "interpreter");

    private static final JsonFactory JSON = new JsonFactory();

    private ForeignAttributes() {}

    /** Whether the attribute text is a JSON object (an opening brace, then a quoted key), not Pandoc-style. */
    static boolean isJson(String text) {
        return text.startsWith("{") && text.substring(1).stripLeading().startsWith("\"");
    }

    /** A flat JSON object as attribute values; a nested value is kept as its JSON text. */
    static Attributes json(String text, int line, List<Problem> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(text)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    values.put(key, "");
                } else {
                    values.put(key, value == JsonToken.VALUE_NULL ? "" : p.getText());
                }
            }
        } catch (JsonProcessingException e) {
            problems.add(Problem.warning(line, "the attributes are not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return new Attributes(null, List.of(), values);
    }

    /** {@code name} as the id when there is no {@code #id}; the keys that mean nothing here dropped, with one warning. */
    static Attributes mapped(Attributes attributes, int line, List<Problem> problems) {
        Map<String, String> values = new LinkedHashMap<>(attributes.values());
        boolean named = attributes.id() == null
                && values.containsKey("name")
                && !values.get("name").isBlank();
        String id = named ? values.remove("name") : attributes.id();
        List<String> dropped =
                values.keySet().stream().filter(IGNORED::contains).toList();
        if (dropped.isEmpty() && !named) {
            return attributes;
        }
        dropped.forEach(values::remove);
        if (!dropped.isEmpty()) {
            problems.add(Problem.warning(
                    line,
                    "attributes of another tool that mean nothing here are ignored: " + String.join(", ", dropped)));
        }
        return new Attributes(id, attributes.classes(), values);
    }
}

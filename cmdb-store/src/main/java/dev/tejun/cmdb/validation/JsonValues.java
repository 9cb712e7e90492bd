package dev.tejun.cmdb.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.cmdb.store.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of {@code LIST} and {@code MAP} columns: JSON arrays and objects, held as unmodifiable {@link List}s and
 * {@link Map}s (key order kept) of the same plain values a document holds — {@link String}, {@link Long},
 * {@link BigDecimal}, {@link Boolean}, null, and nested lists and maps. One canonical form, so two equal JSON texts
 * compare equal however they were typed.
 */
public final class JsonValues {

    private JsonValues() {}

    /** A raw value (a List, a Map, or JSON text) → the canonical list or map, or why it is not one. */
    static ValueParser.Parsed parse(Object raw, boolean list) {
        String want = list ? "a JSON list like [\"a\", \"b\"]" : "a JSON object like {\"key\": \"value\"}";
        JsonNode node;
        if (raw instanceof String text) {
            try {
                node = Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                return ValueParser.Parsed.bad(
                        "'" + text + "' is not JSON (" + e.getOriginalMessage() + "): expected " + want);
            }
        } else if (raw instanceof List<?> || raw instanceof Map<?, ?>) {
            node = Json.MAPPER.valueToTree(raw);
        } else {
            return ValueParser.Parsed.bad(
                    "expected " + want + ", got " + raw.getClass().getSimpleName());
        }
        if (node == null || (list ? !node.isArray() : !node.isObject())) {
            return ValueParser.Parsed.bad("'" + raw + "' is not " + want);
        }
        return ValueParser.Parsed.ok(plain(node));
    }

    /** A JSON tree → plain values: integers as Long (BigDecimal when too big), other numbers as BigDecimal. */
    public static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            node.forEach(item -> out.add(plain(item)));
            return Collections.unmodifiableList(out);
        }
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            node.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
            return Collections.unmodifiableMap(out);
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.decimalValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    /** A list or map as compact JSON text: how Excel cells, unique keys and change detection see it. */
    public static String text(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON value: " + value, e);
        }
    }
}

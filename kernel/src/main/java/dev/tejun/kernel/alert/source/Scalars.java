package dev.tejun.kernel.alert.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.alert.MalformedEvent;
import java.util.Map;

/** Turning parts of a JSON document into the string values events hold. */
final class Scalars {

    /** How deep an object is flattened into dotted names; deeper parts are left out. */
    static final int MAX_DEPTH = 4;

    /** More events than this in one post are refused, as for Alertmanager's webhook. */
    static final int MAX_EVENTS = 1000;

    private Scalars() {}

    /** A scalar's text; null for a missing or null node. */
    static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() || !node.isValueNode() ? null : node.asText();
    }

    /** Every scalar under {@code node} as {@code prefix.a.b} (arrays by index), up to {@link #MAX_DEPTH} levels. */
    static void flatten(JsonNode node, String prefix, Map<String, String> into, int depth) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isValueNode()) {
            into.put(prefix, node.asText());
            return;
        }
        if (depth >= MAX_DEPTH) {
            return;
        }
        if (node.isObject()) {
            node.properties().forEach(p -> flatten(p.getValue(), prefix + "." + p.getKey(), into, depth + 1));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(node.get(i), prefix + "." + i, into, depth + 1);
            }
        }
    }

    /** An object of names to scalars, as labels are; anything else is refused naming {@code where}. */
    static void strings(JsonNode node, String where, Map<String, String> into) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (!node.isObject()) {
            throw new MalformedEvent(where + " must be an object of names to values");
        }
        node.properties().forEach(p -> {
            String v = text(p.getValue());
            if (v == null) {
                throw new MalformedEvent(where + "." + p.getKey() + " must be a string, number or boolean");
            }
            into.put(p.getKey(), v);
        });
    }
}

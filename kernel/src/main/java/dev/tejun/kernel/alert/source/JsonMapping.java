package dev.tejun.kernel.alert.source;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.alert.AlertEvent;
import dev.tejun.kernel.alert.MalformedEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Any JSON, read through a mapping of JSON Pointers (RFC 6901) that a source declares:
 *
 * <pre>
 * items: /checks            # optional: an array, one event per element; else the body is one event
 * name: /check/name         # required: labels.alertname
 * severity: /level          # labels.severity
 * host: /node               # labels.host
 * labels: /tags             # an object of names to values, added to the labels
 * annotations: /text        # an object, the annotations
 * fingerprint: /id          # fields.fingerprint, what de-duplicates and matches a resolved event to its firing one
 * status: /state            # with firing: [DOWN] and resolved: [UP] (case-insensitive); firing when not given
 * fields: { region: /meta/region }
 * </pre>
 *
 * Pointers inside {@code items} are read from each element. A pointer that finds nothing leaves its part out, except
 * {@code name} and {@code status}, which the event must have.
 */
public final class JsonMapping implements SourceFormat {

    private static final Set<String> KEYS = Set.of(
            "items",
            "name",
            "severity",
            "host",
            "labels",
            "annotations",
            "fingerprint",
            "status",
            "firing",
            "resolved",
            "fields");
    private static final List<String> FIRING =
            List.of("firing", "problem", "alerting", "alert", "critical", "warning", "down", "1", "true");
    private static final List<String> RESOLVED = List.of("resolved", "ok", "normal", "up", "recovered", "0", "false");

    private final JsonPointer items;
    private final Map<String, JsonPointer> parts;
    private final Map<String, JsonPointer> fields;
    private final List<String> firing;
    private final List<String> resolved;

    private JsonMapping(
            JsonPointer items,
            Map<String, JsonPointer> parts,
            Map<String, JsonPointer> fields,
            List<String> firing,
            List<String> resolved) {
        this.items = items;
        this.parts = Map.copyOf(parts);
        this.fields = Map.copyOf(fields);
        this.firing = List.copyOf(firing);
        this.resolved = List.copyOf(resolved);
    }

    /** @throws IllegalArgumentException naming every problem of the mapping */
    public static JsonMapping of(JsonNode spec) {
        List<String> problems = new ArrayList<>();
        if (!spec.isObject()) {
            throw new IllegalArgumentException("mapping must be an object of part to JSON Pointer");
        }
        spec.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                problems.add("mapping: unknown key '" + k + "' (known: " + new java.util.TreeSet<>(KEYS) + ")");
            }
        });
        Map<String, JsonPointer> parts = new LinkedHashMap<>();
        for (String part : List.of("name", "severity", "host", "labels", "annotations", "fingerprint", "status")) {
            JsonPointer p = pointer(spec.get(part), "mapping." + part, problems);
            if (p != null) {
                parts.put(part, p);
            }
        }
        if (!spec.has("name")) {
            problems.add("mapping.name is required (the pointer to the event's name)");
        }
        Map<String, JsonPointer> fields = new LinkedHashMap<>();
        JsonNode f = spec.get("fields");
        if (f != null && !f.isObject()) {
            problems.add("mapping.fields must be an object of field name to JSON Pointer");
        } else if (f != null) {
            f.properties().forEach(e -> {
                JsonPointer p = pointer(e.getValue(), "mapping.fields." + e.getKey(), problems);
                if (p != null) {
                    fields.put(e.getKey(), p);
                }
            });
        }
        List<String> firing = words(spec.get("firing"), "mapping.firing", FIRING, problems);
        List<String> resolved = words(spec.get("resolved"), "mapping.resolved", RESOLVED, problems);
        JsonPointer items = pointer(spec.get("items"), "mapping.items", problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new JsonMapping(items, parts, fields, firing, resolved);
    }

    private static JsonPointer pointer(JsonNode node, String where, List<String> problems) {
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add(where + " must be a JSON Pointer such as /alert/name");
            return null;
        }
        try {
            return JsonPointer.compile(node.asText());
        } catch (IllegalArgumentException e) {
            problems.add(where + " '" + node.asText() + "' is not a JSON Pointer (it starts with /)");
            return null;
        }
    }

    private static List<String> words(JsonNode node, String where, List<String> fallback, List<String> problems) {
        if (node == null) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        if (node.isValueNode()) {
            out.add(node.asText().toLowerCase(Locale.ROOT));
        } else if (node.isArray()) {
            node.forEach(w -> out.add(w.asText().toLowerCase(Locale.ROOT)));
        }
        if (out.isEmpty()) {
            problems.add(where + " must be a value or a list of values");
        }
        return out;
    }

    @Override
    public List<AlertEvent> read(Delivery delivery) {
        JsonNode root = delivery.json();
        if (items == null) {
            return List.of(event(root, "the body"));
        }
        JsonNode list = root.at(items);
        if (!list.isArray() || list.isEmpty() || list.size() > Scalars.MAX_EVENTS) {
            throw new MalformedEvent(
                    "items " + items + " must point to an array of 1.." + Scalars.MAX_EVENTS + " events");
        }
        List<AlertEvent> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(event(list.get(i), "items[" + i + "]"));
        }
        return out;
    }

    private AlertEvent event(JsonNode node, String where) {
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        Map<String, String> out = new LinkedHashMap<>();
        if (parts.containsKey("labels")) {
            Scalars.strings(node.at(parts.get("labels")), where + parts.get("labels"), labels);
        }
        if (parts.containsKey("annotations")) {
            Scalars.strings(node.at(parts.get("annotations")), where + parts.get("annotations"), annotations);
        }
        String name = scalar(node, "name", where);
        if (name == null || name.isBlank()) {
            throw new MalformedEvent(where + ": no name at " + parts.get("name"));
        }
        labels.put("alertname", name);
        put(labels, "severity", scalar(node, "severity", where));
        put(labels, "host", scalar(node, "host", where));
        put(out, "fingerprint", scalar(node, "fingerprint", where));
        fields.forEach((field, pointer) -> Scalars.flatten(node.at(pointer), field, out, 1));
        return new AlertEvent("json", status(node, where), labels, annotations, out);
    }

    private String status(JsonNode node, String where) {
        if (!parts.containsKey("status")) {
            return AlertEvent.FIRING;
        }
        String value = scalar(node, "status", where);
        if (value == null) {
            throw new MalformedEvent(where + ": no status at " + parts.get("status"));
        }
        String word = value.toLowerCase(Locale.ROOT);
        if (firing.contains(word)) {
            return AlertEvent.FIRING;
        }
        if (resolved.contains(word)) {
            return AlertEvent.RESOLVED;
        }
        throw new MalformedEvent(
                where + ": status '" + value + "' is neither firing " + firing + " nor resolved " + resolved);
    }

    private String scalar(JsonNode node, String part, String where) {
        JsonPointer p = parts.get(part);
        if (p == null) {
            return null;
        }
        JsonNode v = node.at(p);
        if (v.isContainerNode()) {
            throw new MalformedEvent(where + p + " (" + part + ") must be a string, number or boolean");
        }
        return Scalars.text(v);
    }

    private static void put(Map<String, String> into, String name, String value) {
        if (value != null) {
            into.put(name, value);
        }
    }
}

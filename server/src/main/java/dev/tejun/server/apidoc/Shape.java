package dev.tejun.server.apidoc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one REST operation reads and what it answers when it succeeds: the request body (or none), the answer's body
 * and the statuses it comes with. A JSON body is described by the Java type the handler reads or writes, or, where the handler writes
 * a small map, by the object's fields, each again a Java type.
 */
public record Shape(Body request, Body answer, List<Integer> statuses) {

    /** A request or answer body. */
    public sealed interface Body {}

    /** No body (a GET's request, a 204 answer). */
    public record None() implements Body {}

    /** A JSON body of this schema. */
    public record Json(Schema schema) implements Body {}

    /** A body of another media type (a file, a report): {@code binary} when it is not text. */
    public record Media(String type, boolean binary) implements Body {}

    /** A JSON Schema, written when the document is built. */
    public interface Schema {
        ObjectNode in(JsonSchemas schemas);
    }

    public static final Body NONE = new None();

    /** @param statuses the success statuses the answer comes with (200 when none is named) */
    public static Shape of(Body request, Body answer, Integer... statuses) {
        return new Shape(request, answer, statuses.length == 0 ? List.of(200) : List.of(statuses));
    }

    /** A JSON body of this Java type, as the server's mapper writes or reads it. */
    public static Json json(Type type) {
        return new Json(s -> s.of(type));
    }

    public static Json json(Schema schema) {
        return new Json(schema);
    }

    /** A JSON array of values of a Java type or a {@link Schema}. */
    public static Schema listOf(Object item) {
        return s -> {
            ObjectNode a = s.plain().put("type", "array");
            a.set("items", schema(item, s));
            return a;
        };
    }

    /** A JSON object whose every field has values of a Java type or a {@link Schema}. */
    public static Schema mapOf(Object value) {
        return s -> {
            ObjectNode o = s.plain().put("type", "object");
            o.set("additionalProperties", schema(value, s));
            return o;
        };
    }

    private static ObjectNode schema(Object typeOrSchema, JsonSchemas s) {
        return typeOrSchema instanceof Schema schema ? schema.in(s) : s.of((Type) typeOrSchema);
    }

    /** A JSON value of any shape (a payload the caller chose). */
    public static Schema any() {
        return s -> s.plain();
    }

    /**
     * A JSON object with exactly these fields, all present: pairs of a name and a {@link Schema} or a Java type.
     */
    public static Schema object(Object... fields) {
        return s -> {
            Map<String, Object> named = new LinkedHashMap<>();
            for (int i = 0; i < fields.length; i += 2) {
                named.put((String) fields[i], fields[i + 1]);
            }
            ObjectNode o = s.plain().put("type", "object");
            ObjectNode properties = o.putObject("properties");
            var required = o.putArray("required");
            named.forEach((name, field) -> {
                properties.set(name, schema(field, s));
                required.add(name);
            });
            o.put("additionalProperties", false);
            return o;
        };
    }

    public static Media media(String type) {
        return new Media(type, false);
    }

    public static Media binary(String type) {
        return new Media(type, true);
    }
}

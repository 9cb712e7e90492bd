package dev.tejun.server.apidoc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one REST operation reads and what it answers: the request body (or none), the answer's body and the statuses
 * it comes with when it succeeds, the query parameters it reads and the error answers beyond those every operation
 * has (400, and 401/403 unless it is public; 404 where its path names something). A JSON body is described by the Java type the handler reads or writes, or, where the handler writes
 * a small map, by the object's fields, each again a Java type.
 */
public record Shape(
        Body request,
        Body answer,
        List<Integer> statuses,
        List<Param> query,
        Map<Integer, Body> errors,
        Map<Integer, Body> otherAnswers) {

    /** A query parameter: its name, its JSON Schema type ({@code string}, {@code integer}, {@code boolean}), what it does. */
    public record Param(String name, String type, String description) {}

    /** This shape with query parameter {@code name} too. */
    public Shape query(String name, String type, String description) {
        List<Param> more = new java.util.ArrayList<>(query);
        more.add(new Param(name, type, description));
        return new Shape(request, answer, statuses, List.copyOf(more), errors, otherAnswers);
    }

    /** This shape with error answers {@code statuses} too, each the server's error body {@code {"error": "…"}}. */
    public Shape errors(Integer... statuses) {
        Shape s = this;
        for (int status : statuses) {
            s = s.error(status, ERROR);
        }
        return s;
    }

    /** This shape with error answer {@code status} whose body is {@code body} (a 409 may answer the current version). */
    public Shape error(int status, Body body) {
        Map<Integer, Body> more = new java.util.TreeMap<>(errors);
        more.put(status, body);
        return new Shape(request, answer, statuses, query, java.util.Collections.unmodifiableMap(more), otherAnswers);
    }

    /**
     * This shape answering {@code body} with success status {@code status} (listed too), where the other statuses
     * answer {@link #answer}: a flow start answers the instance (201) or, asked for a preview, the preview (200).
     */
    public Shape answering(int status, Body body) {
        Map<Integer, Body> more = new java.util.TreeMap<>(otherAnswers);
        more.put(status, body);
        List<Integer> listed = new java.util.ArrayList<>(statuses);
        if (!listed.contains(status)) {
            listed.add(status);
        }
        return new Shape(
                request, answer, List.copyOf(listed), query, errors, java.util.Collections.unmodifiableMap(more));
    }

    /** The body answered with success status {@code status}. */
    public Body answer(int status) {
        return otherAnswers.getOrDefault(status, answer);
    }

    /** The server's error body: {@code {"error": "…", "codes": […]}} (an ApiError). */
    public static final Body ERROR = new Json(s -> {
        ObjectNode o = s.plain().put("type", "object");
        o.putArray("required").add("error");
        ObjectNode properties = o.putObject("properties");
        properties.putObject("error").put("type", "string");
        // ErrorCodes: a code per refusal, for the pages' catalogues
        ObjectNode code = properties
                .putObject("codes")
                .put("type", "array")
                .putObject("items")
                .put("type", "object");
        code.putArray("required").add("code").add("args");
        ObjectNode codeProperties = code.putObject("properties");
        codeProperties.putObject("code").put("type", "string");
        codeProperties.putObject("args").put("type", "object");
        return o;
    });

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
        return new Shape(
                request,
                answer,
                statuses.length == 0 ? List.of(200) : List.of(statuses),
                List.of(),
                Map.of(),
                Map.of());
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

    /** One of these words (a JSON string from a fixed set: a state). */
    public static Schema word(String... words) {
        return s -> {
            ObjectNode o = s.plain();
            var values = o.putArray("enum");
            for (String w : words) {
                values.add(w);
            }
            return o;
        };
    }

    /** A value that fits one of these schemas or Java types (an answer whose fields depend on a state). */
    public static Schema either(Object... options) {
        return s -> {
            ObjectNode o = s.plain();
            var any = o.putArray("anyOf");
            for (Object option : options) {
                any.add(schema(option, s));
            }
            return o;
        };
    }

    /**
     * The object a Java type is written as, with one more field, required: a preview answered with its
     * {@code state} beside its own fields.
     */
    public static Schema withField(Type type, String name, Object field) {
        return s -> s.extended(type, name, schema(field, s));
    }

    /**
     * Java type {@code type} as the server writes it, its property {@code property} (which the type leaves as any JSON)
     * with schema {@code field}, or null: a CMDB row's values, an event source's mapping.
     */
    public static Schema refined(Type type, String property, Object field) {
        return s -> s.refine(type, property, schema(field, s));
    }

    /**
     * A named component whose schema {@code make} writes from the reference to itself (a value that may contain
     * values like itself: a CMDB cell holding a list or a map).
     */
    public static Schema recursive(String name, java.util.function.Function<Schema, Schema> make) {
        return s ->
                s.component(name, self -> make.apply(ignored -> self.deepCopy()).in(s));
    }

    /**
     * A JSON object of which only these fields are read, each optional, and which may have any others (a Git
     * host's push event, of which the server reads the {@code ref}): pairs of a name and a schema or Java type.
     */
    public static Schema open(Object... fields) {
        return s -> {
            ObjectNode o = s.plain().put("type", "object");
            ObjectNode properties = o.putObject("properties");
            for (int i = 0; i < fields.length; i += 2) {
                properties.set((String) fields[i], schema(fields[i + 1], s));
            }
            return o;
        };
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

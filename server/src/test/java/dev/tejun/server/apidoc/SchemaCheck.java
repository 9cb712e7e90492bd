package dev.tejun.server.apidoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a JSON value against a schema of the API document, as far as the document uses JSON Schema: {@code type} (one
 * or a list), {@code enum}, {@code properties} with {@code required} and {@code additionalProperties}, {@code items},
 * {@code anyOf} and {@code $ref} into the document. Answers every disagreement with where it is; none when it fits.
 */
public final class SchemaCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;

    public SchemaCheck(JsonNode document) {
        this.document = document;
    }

    /**
     * What is wrong with an answer of operation {@code method template} (the route as the table names it) against
     * the document: a status it does not list, a media type it does not say, a JSON body that does not fit the
     * schema of that status. None when it fits.
     */
    public List<String> answerProblems(String method, String template, HttpResponse<String> r) {
        return answerProblems(
                method,
                template,
                r.statusCode(),
                r.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", ""),
                r.body());
    }

    /** As {@link #answerProblems(String, String, HttpResponse)}, of an answer given by its parts. */
    public List<String> answerProblems(String method, String template, int status, String type, String body) {
        String name = method + " " + template;
        JsonNode op = document.path("paths")
                .path(OpenApiDocument.openApiPath(template))
                .path(method.toLowerCase(Locale.ROOT));
        if (op.isMissingNode()) {
            return List.of(name + " is not in the document");
        }
        JsonNode answer = op.path("responses").path(Integer.toString(status));
        if (answer.isMissingNode()) {
            return List.of(name + " answered " + status + ", which the document does not list");
        }
        JsonNode content = answer.path("content");
        if (!content.isObject()) {
            return body.isEmpty() ? List.of() : List.of(name + " answered a body the document does not have");
        }
        if (!content.has(type)) {
            return List.of(name + " answered " + type + " where the document says " + content);
        }
        if (!type.equals("application/json")) {
            return List.of();
        }
        try {
            List<String> out = new ArrayList<>();
            problems(content.get(type).get("schema"), JSON.readTree(body))
                    .forEach(p -> out.add(name + " " + status + " " + p));
            return out;
        } catch (IOException e) {
            return List.of(name + " answered JSON that does not parse: " + e.getMessage());
        }
    }

    /** The document {@code t} serves, for {@link #answerProblems}. */
    public static SchemaCheck of(TestServer t) throws Exception {
        return new SchemaCheck(JSON.readTree(t.get("/api/openapi.json").body()));
    }

    public List<String> problems(JsonNode schema, JsonNode value) {
        List<String> out = new ArrayList<>();
        check(schema, value, "$", out);
        return out;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> out) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            JsonNode target = document.at(ref.substring(1));
            if (target.isMissingNode()) {
                out.add(at + ": the document has no " + ref);
                return;
            }
            check(target, value, at, out);
            return;
        }
        if (schema.has("anyOf")) {
            List<String> closest = null;
            for (JsonNode option : schema.get("anyOf")) {
                List<String> p = new ArrayList<>();
                check(option, value, at, p);
                if (p.isEmpty()) {
                    return;
                }
                if (closest == null || p.size() < closest.size()) {
                    closest = p;
                }
            }
            out.addAll(closest == null ? List.of(at + ": anyOf has no option") : closest);
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                out.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
            return;
        }
        if (schema.has("type") && !typeFits(schema.get("type"), value)) {
            out.add(at + ": " + kind(value) + " where the schema says " + schema.get("type"));
            return;
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            for (JsonNode name : schema.path("required")) {
                if (!value.has(name.asText())) {
                    out.add(at + ": required field " + name.asText() + " is missing");
                }
            }
            JsonNode extra = schema.path("additionalProperties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String where = at + "." + f.getKey();
                if (properties.has(f.getKey())) {
                    check(properties.get(f.getKey()), f.getValue(), where, out);
                } else if (extra.isBoolean() && !extra.asBoolean()) {
                    out.add(where + ": a field the schema does not have");
                } else if (extra.isObject()) {
                    check(extra, f.getValue(), where, out);
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), at + "[" + i + "]", out);
            }
        }
    }

    private static boolean typeFits(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (fits(t.asText(), value)) {
                    return true;
                }
            }
            return false;
        }
        return fits(type.asText(), value);
    }

    private static boolean fits(String type, JsonNode value) {
        return switch (type) {
            case "null" -> value.isNull();
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "string" -> value.isTextual();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> false;
        };
    }

    private static String kind(JsonNode value) {
        return value.isNull() ? "null" : value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + value;
    }
}

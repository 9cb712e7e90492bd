package dev.tejun.server.apidoc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.server.auth.Role;
import dev.tejun.server.auth.RouteInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the OpenAPI 3.1 document from the registered routes. Javalin's {@code {x}} and {@code <x>} path parameters
 * become OpenAPI's {@code {x}} (a {@code <x>} one may hold slashes: {@code x-tejun-slashes}); each operation names
 * the role it needs ({@code x-tejun-role}) and how to authenticate. WebSocket routes are not REST and are left out
 * (docs/protocol.md describes them).
 */
public final class OpenApiDocument {

    private static final Pattern PARAM = Pattern.compile("\\{([^}]*)}|<([^>]*)>");

    private OpenApiDocument() {}

    /** @param shapes each route's request and answer bodies, keyed {@code "METHOD path"} as registered */
    public static ObjectNode of(List<RouteInfo> routes, Map<String, Shape> shapes, String version, ObjectMapper json) {
        ObjectNode doc = json.createObjectNode();
        doc.put("openapi", "3.1.0");
        doc.putObject("info")
                .put("title", "Tejun API")
                .put("version", version)
                .put(
                        "description",
                        "Generated from the server's route table. Authenticate with an API token"
                                + " (Authorization: Bearer tjn_…) or a browser sign-in; a signed-in browser's state change"
                                + " also needs X-CSRF-Token.");
        ObjectNode components = doc.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        JsonSchemas schemas = new JsonSchemas(json, components.putObject("schemas"));
        schemes.putObject("token").put("type", "http").put("scheme", "bearer");
        schemes.putObject("session").put("type", "apiKey").put("in", "cookie").put("name", "tejun_session");
        ObjectNode paths = doc.putObject("paths");
        routes.stream()
                .filter(r -> !r.method().equals("WS"))
                .sorted(Comparator.comparing(RouteInfo::path).thenComparing(RouteInfo::method))
                .forEach(r -> operation(paths, r, shapes.get(r.method() + " " + r.path()), schemas));
        return doc;
    }

    /** Javalin's path template as OpenAPI writes it. */
    public static String openApiPath(String javalinPath) {
        return PARAM.matcher(javalinPath).replaceAll(m -> Matcher.quoteReplacement("{" + name(m) + "}"));
    }

    private static String name(java.util.regex.MatchResult m) {
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private static void operation(ObjectNode paths, RouteInfo r, Shape shape, JsonSchemas schemas) {
        ObjectNode item = paths.has(openApiPath(r.path()))
                ? (ObjectNode) paths.get(openApiPath(r.path()))
                : paths.putObject(openApiPath(r.path()));
        ObjectNode op = item.putObject(r.method().toLowerCase(Locale.ROOT));
        Role role = r.roles().stream().findFirst().orElse(null);
        op.put("operationId", operationId(r));
        op.put("summary", r.method() + " " + openApiPath(r.path()));
        op.putArray("tags").add(tag(r.path()));
        op.put("x-tejun-role", role == null ? "none" : role.wire());
        ArrayNode security = op.putArray("security");
        if (role != Role.PUBLIC) {
            security.addObject().putArray("token");
            security.addObject().putArray("session");
        }
        Matcher m = PARAM.matcher(r.path());
        ArrayNode params = null;
        while (m.find()) {
            if (params == null) {
                params = op.putArray("parameters");
            }
            ObjectNode p =
                    params.addObject().put("name", name(m)).put("in", "path").put("required", true);
            p.putObject("schema").put("type", "string");
            if (m.group(2) != null) {
                p.put("x-tejun-slashes", true);
                p.put("description", "may contain slashes (a file in a sub-folder)");
            }
        }
        if (shape != null) {
            for (Shape.Param q : shape.query()) {
                if (params == null) {
                    params = op.putArray("parameters");
                }
                ObjectNode p = params.addObject()
                        .put("name", q.name())
                        .put("in", "query")
                        .put("required", false)
                        .put("description", q.description());
                p.putObject("schema").put("type", q.type());
            }
        }
        ObjectNode responses = op.putObject("responses");
        if (shape == null) {
            // a route added to the table without its shape: ApiShapesTest fails on this mark
            op.put("x-tejun-undescribed", true);
            responses.putObject("200").put("description", "done");
        } else {
            if (!(shape.request() instanceof Shape.None)) {
                content(op.putObject("requestBody").put("required", true), shape.request(), schemas);
            }
            for (int status : shape.statuses()) {
                ObjectNode answer =
                        responses.putObject(Integer.toString(status)).put("description", describe(status));
                if (status != 204 && status != 302) {
                    content(answer, shape.answer(status), schemas);
                }
            }
        }
        error(responses, 400, "the request is not valid", Shape.ERROR, schemas);
        if (role != Role.PUBLIC) {
            error(responses, 401, "not signed in", Shape.ERROR, schemas);
            error(responses, 403, "needs role " + (role == null ? "?" : role.wire()), Shape.ERROR, schemas);
        }
        if (PARAM.matcher(r.path()).find()) {
            error(responses, 404, "no such " + name(lastParam(r.path())), Shape.ERROR, schemas);
        }
        if (shape != null) {
            shape.errors().forEach((status, body) -> error(responses, status, refusal(status), body, schemas));
        }
    }

    private static java.util.regex.MatchResult lastParam(String path) {
        Matcher m = PARAM.matcher(path);
        java.util.regex.MatchResult last = null;
        while (m.find()) {
            last = m.toMatchResult();
        }
        return last;
    }

    /** An error answer; every one is the server's error body ({@code {"error": "…"}}) unless the shape says. */
    private static void error(ObjectNode responses, int status, String description, Shape.Body body, JsonSchemas s) {
        content(responses.putObject(Integer.toString(status)).put("description", description), body, s);
    }

    private static String refusal(int status) {
        return switch (status) {
            case 404 -> "not found";
            case 409 -> "refused as things are now (already there, changed meanwhile, ended, held): say why";
            case 413 -> "too large";
            case 423 -> "locked";
            case 429 -> "too many tries: wait";
            case 502 -> "a server this one asked failed";
            case 503 -> "not available now";
            default -> "refused";
        };
    }

    private static void content(ObjectNode holder, Shape.Body body, JsonSchemas schemas) {
        switch (body) {
            case Shape.None none -> {}
            case Shape.Json j ->
                holder.putObject("content")
                        .putObject("application/json")
                        .set("schema", j.schema().in(schemas));
            case Shape.Media m -> {
                ObjectNode schema =
                        holder.putObject("content").putObject(m.type()).putObject("schema");
                schema.put("type", "string");
                if (m.binary()) {
                    schema.put("format", "binary");
                }
            }
        }
    }

    private static String describe(int status) {
        return switch (status) {
            case 201 -> "created";
            case 202 -> "accepted: it goes on (or another server does it)";
            case 204 -> "done, nothing to answer";
            case 206 -> "the asked range";
            case 302 -> "go on at the Location";
            case 503 -> "not ready: the checks say why";
            default -> "done";
        };
    }

    private static String tag(String path) {
        String[] parts = path.split("/");
        return parts.length > 2 && parts[1].equals("api") ? parts[2] : parts.length > 1 ? parts[1] : "root";
    }

    private static String operationId(RouteInfo r) {
        return (r.method().toLowerCase(Locale.ROOT) + PARAM.matcher(r.path()).replaceAll(m -> "_" + name(m)))
                .replaceAll("[^A-Za-z0-9_]+", "_")
                .replaceAll("_+$", "");
    }
}

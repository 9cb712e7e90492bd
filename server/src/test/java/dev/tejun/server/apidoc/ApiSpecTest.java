package dev.tejun.server.apidoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.RouteInfo;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API document against the route table as the server registered it: every REST route is in it with its method,
 * path parameters and role, it names no route that does not exist, and Swagger UI serves it. The document as served
 * is well formed; every query parameter a handler reads is in it; every operation lists its error answers.
 */
class ApiSpecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void openapiJson_everyRestRouteAndNoOther() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            JsonNode spec = JSON.readTree(t.get("/api/openapi.json").body());
            assertEquals("3.1.0", spec.get("openapi").asText());
            Set<String> registered = new TreeSet<>();
            for (RouteInfo r : t.server.routes()) {
                if (!r.method().equals("WS")) {
                    registered.add(r.method() + " " + OpenApiDocument.openApiPath(r.path()));
                }
            }
            Set<String> documented = new TreeSet<>();
            spec.get("paths")
                    .properties()
                    .forEach(p -> p.getValue()
                            .fieldNames()
                            .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey())));
            assertEquals(registered, documented);
            assertTrue(registered.contains("GET /api/runs/{runId}"), registered.toString());
        }
    }

    @Test
    void openapiJson_eachOperationHasItsPathParametersAndRole() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            JsonNode spec = JSON.readTree(t.get("/api/openapi.json").body());
            Pattern param = Pattern.compile("\\{([^}]*)}");
            spec.get("paths")
                    .properties()
                    .forEach(p -> p.getValue().properties().forEach(op -> {
                        Set<String> declared = new TreeSet<>();
                        op.getValue().path("parameters").forEach(x -> {
                            if (x.get("in").asText().equals("path")) {
                                declared.add(x.get("name").asText());
                            }
                        });
                        Set<String> inPath = new TreeSet<>();
                        Matcher m = param.matcher(p.getKey());
                        while (m.find()) {
                            inPath.add(m.group(1));
                        }
                        assertEquals(inPath, declared, op.getKey() + " " + p.getKey());
                        assertTrue(
                                Set.of("public", "viewer", "editor", "operator", "approver", "admin")
                                        .contains(op.getValue()
                                                .get("x-tejun-role")
                                                .asText()),
                                op.getKey() + " " + p.getKey());
                    }));
            JsonNode runbook = spec.at("/paths/~1api~1runbooks~1{name}/get");
            assertEquals("viewer", runbook.get("x-tejun-role").asText());
            assertTrue(runbook.at("/parameters/0/x-tejun-slashes").asBoolean(), "<name> takes slashes");
            assertEquals(0, spec.at("/paths/~1api~1health/get/security").size(), "public: no credential");
        }
    }

    @Test
    void docs_swaggerUiAndItsFilesLoad() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            HttpResponse<String> page = t.get("/api/docs");
            assertEquals(200, page.statusCode(), page.body());
            Matcher bundle = Pattern.compile("src=\"(/webjars/swagger-ui/[^\"]+/swagger-ui-bundle.js)\"")
                    .matcher(page.body());
            assertTrue(bundle.find(), page.body());
            HttpResponse<String> js = t.get(bundle.group(1));
            assertEquals(200, js.statusCode());
            assertTrue(js.body().contains("SwaggerUIBundle"), "the bundle");
            assertEquals(200, t.get("/api-docs.js").statusCode());
            assertEquals(
                    401,
                    t.send("GET", "/api/openapi.json", null, java.util.Map.of()).statusCode());
        }
    }

    /** A query parameter a handler reads by name: {@code ctx.queryParam("x")} and the handlers' helpers over it. */
    private static final Pattern READS = Pattern.compile(
            "queryParam\\(\"([\\w-]+)\"\\)|(?:instant|number)\\(ctx, \"([\\w-]+)\"|queryParamMap\\(\\)\\.containsKey\\(\"([\\w-]+)\"\\)");

    @Test
    void openapiJson_everyQueryParameterAHandlerReadsIsDeclared() throws Exception {
        Set<String> read = new TreeSet<>();
        try (var files = java.nio.file.Files.walk(Path.of("src/main/java/dev/tejun/server"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                if (f.getFileName().toString().equals("SessionSocket.java")) {
                    continue; // a WebSocket, which docs/protocol.md describes
                }
                Matcher m = READS.matcher(java.nio.file.Files.readString(f));
                while (m.find()) {
                    read.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
                }
            }
        }
        assertTrue(
                read.containsAll(Set.of("limit", "since", "wait", "asOf", "runbook")), "the scan finds them: " + read);
        try (TestServer t = new TestServer(temp)) {
            JsonNode spec = JSON.readTree(t.get("/api/openapi.json").body());
            Set<String> declared = new TreeSet<>();
            spec.get("paths")
                    .properties()
                    .forEach(p -> p.getValue()
                            .properties()
                            .forEach(op -> op.getValue().path("parameters").forEach(x -> {
                                if (x.get("in").asText().equals("query")) {
                                    declared.add(x.get("name").asText());
                                }
                            })));
            Set<String> missing = new TreeSet<>(read);
            missing.removeAll(declared);
            assertEquals(Set.of(), missing, "query parameters handlers read that no operation declares");
        }
    }

    @Test
    void openapiJson_everyOperationListsItsErrorAnswers() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            JsonNode spec = JSON.readTree(t.get("/api/openapi.json").body());
            java.util.List<String> problems = new java.util.ArrayList<>();
            spec.get("paths")
                    .properties()
                    .forEach(p -> p.getValue().properties().forEach(op -> {
                        String name = op.getKey().toUpperCase() + " " + p.getKey();
                        JsonNode responses = op.getValue().get("responses");
                        Set<String> needed = new TreeSet<>(Set.of("400"));
                        if (!op.getValue().get("x-tejun-role").asText().equals("public")) {
                            needed.addAll(Set.of("401", "403"));
                        }
                        if (p.getKey().contains("{")) {
                            needed.add("404");
                        }
                        for (String status : needed) {
                            JsonNode schema = responses.path(status).at("/content/application~1json/schema");
                            if (schema.isMissingNode()) {
                                problems.add(name + ": no " + status + " answer with its JSON body");
                            }
                        }
                    }));
            assertEquals(java.util.List.of(), problems);
            JsonNode stale =
                    spec.at("/paths/~1api~1runbooks~1{name}/put/responses/409/content/application~1json/schema");
            assertTrue(
                    stale.toString().contains("#/components/schemas/RunbookDocument"),
                    "an edit on a stale version: " + stale);
            assertTrue(spec.at("/paths/~1api~1runs/post/responses/409").isObject(), "a run refused as things are now");
        }
    }

    /** The bodies whose shape is the sender's: a monitoring system's alert in its own format. */
    private static final Set<String> CALLERS_OWN =
            Set.of("POST /api/events", "POST /api/events/dry-run", "POST /api/events/in/{name}");

    @Test
    void openapiJson_everyJsonBodyHasAShape_butAlertsInTheirSendersFormat() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            JsonNode spec = JSON.readTree(t.get("/api/openapi.json").body());
            java.util.List<String> anyJson = new java.util.ArrayList<>();
            spec.get("paths")
                    .properties()
                    .forEach(p -> p.getValue().properties().forEach(op -> {
                        String name = op.getKey().toUpperCase() + " " + p.getKey();
                        JsonNode request = op.getValue().at("/requestBody/content/application~1json/schema");
                        if (request.isObject() && request.isEmpty() && !CALLERS_OWN.contains(name)) {
                            anyJson.add(name + " request");
                        }
                        op.getValue().get("responses").properties().forEach(r -> {
                            JsonNode answer = r.getValue().at("/content/application~1json/schema");
                            if (answer.isObject() && answer.isEmpty()) {
                                anyJson.add(name + " " + r.getKey());
                            }
                        });
                    }));
            assertEquals(java.util.List.of(), anyJson, "bodies declared as any JSON");
        }
    }

    @Test
    void openapiJson_asServed_isAWellFormedOpenApiDocument() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            JsonNode spec = JSON.readTree(t.get("/api/openapi.json").body());
            java.util.List<String> problems = new java.util.ArrayList<>();
            Set<String> operationIds = new TreeSet<>();
            for (String top : java.util.List.of("openapi", "info", "paths", "components")) {
                if (!spec.has(top)) {
                    problems.add("no " + top);
                }
            }
            if (!spec.at("/info/title").isTextual() || !spec.at("/info/version").isTextual()) {
                problems.add("info needs title and version");
            }
            Set<String> methods = Set.of("get", "put", "post", "delete", "patch", "head", "options");
            spec.get("paths").properties().forEach(p -> {
                if (!p.getKey().startsWith("/")) {
                    problems.add(p.getKey() + ": a path starts with /");
                }
                p.getValue().properties().forEach(op -> {
                    String name = op.getKey() + " " + p.getKey();
                    if (!methods.contains(op.getKey())) {
                        problems.add(name + ": not an HTTP method");
                    }
                    if (!operationIds.add(op.getValue().path("operationId").asText())) {
                        problems.add(name + ": operationId " + op.getValue().path("operationId") + " twice");
                    }
                    Set<String> seen = new TreeSet<>();
                    op.getValue().path("parameters").forEach(x -> {
                        String in = x.path("in").asText();
                        if (!Set.of("path", "query").contains(in)
                                || !x.path("name").isTextual()) {
                            problems.add(name + ": a parameter needs a name and in: path or query: " + x);
                        }
                        if (in.equals("path") && !x.path("required").asBoolean()) {
                            problems.add(name + ": path parameter " + x.path("name") + " must be required");
                        }
                        if (!x.path("schema").isObject()) {
                            problems.add(name + ": parameter " + x.path("name") + " has no schema");
                        }
                        if (!seen.add(in + " " + x.path("name").asText())) {
                            problems.add(name + ": parameter " + x.path("name") + " twice");
                        }
                    });
                    if (!op.getValue().path("responses").isObject()
                            || op.getValue().path("responses").isEmpty()) {
                        problems.add(name + ": no responses");
                    }
                    op.getValue().path("responses").properties().forEach(r -> {
                        if (!r.getKey().matches("[1-5]\\d\\d")
                                || !r.getValue().path("description").isTextual()) {
                            problems.add(name + " " + r.getKey() + ": a status code with a description");
                        }
                    });
                });
            });
            // every $ref points at a schema the document has
            java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>(java.util.List.of(spec));
            while (!todo.isEmpty()) {
                JsonNode n = todo.pop();
                if (n.has("$ref")) {
                    String ref = n.get("$ref").asText();
                    if (!ref.startsWith("#/") || spec.at(ref.substring(1)).isMissingNode()) {
                        problems.add("$ref " + ref + " points at nothing");
                    }
                }
                n.elements().forEachRemaining(todo::push);
            }
            assertEquals(java.util.List.of(), problems);
        }
    }
}

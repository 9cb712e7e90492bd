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
 * path parameters and role, it names no route that does not exist, and Swagger UI serves it.
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
                        op.getValue()
                                .path("parameters")
                                .forEach(x -> declared.add(x.get("name").asText()));
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
}

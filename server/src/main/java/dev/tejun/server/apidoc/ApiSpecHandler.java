package dev.tejun.server.apidoc;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.RouteInfo;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * {@code GET /api/openapi.json}: the document built from the routes as registered; {@code GET /api/docs}: Swagger UI
 * (the WebJar, under {@code /webjars/}) showing it. The page's script is a file, since the pages' CSP allows no inline
 * script.
 */
public final class ApiSpecHandler {

    private final String version;
    private final ObjectMapper json;
    private final Supplier<List<RouteInfo>> routes;
    private final Map<String, Shape> shapes;

    /**
     * @param routes the server's routes, asked at each request (the table is complete once the server started)
     * @param shapes each route's bodies, keyed {@code "METHOD path"} as registered
     */
    public ApiSpecHandler(
            String version, ObjectMapper json, Supplier<List<RouteInfo>> routes, Map<String, Shape> shapes) {
        this.version = version;
        this.json = json;
        this.routes = routes;
        this.shapes = Map.copyOf(shapes);
    }

    public void spec(Context ctx) {
        ctx.json(OpenApiDocument.of(routes.get(), shapes, version, json));
    }

    public void docs(Context ctx) {
        String ui = "/webjars/swagger-ui/" + swaggerUiVersion() + "/";
        ctx.html("<!doctype html><html lang=en><head><meta charset=utf-8><title>Tejun API</title>"
                + "<link rel=stylesheet href=\"" + ui + "swagger-ui.css\"></head><body><div id=swagger-ui></div>"
                + "<script src=\"" + ui + "swagger-ui-bundle.js\"></script>"
                + "<script src=\"/api-docs.js\"></script></body></html>");
    }

    /** The WebJar's version, which is part of its files' paths. */
    static String swaggerUiVersion() {
        try (InputStream in =
                ApiSpecHandler.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui WebJar is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the swagger-ui WebJar's version", e);
        }
    }
}

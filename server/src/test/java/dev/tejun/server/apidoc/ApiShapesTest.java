package dev.tejun.server.apidoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bodies the API document describes against what the handlers really answer: every GET without parameters, and
 * a walk through runbooks, runs, the CMDB, users, tokens, schedules and holds, each answer checked against its
 * operation's schema (fields missing, extra or of another type fail). And the check itself can fail.
 */
class ApiShapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void openapiJson_everyOperationSaysWhatItReadsAndAnswers() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            JsonNode spec = JSON.readTree(t.get("/api/openapi.json").body());
            List<String> bare = new ArrayList<>();
            spec.get("paths")
                    .properties()
                    .forEach(p -> p.getValue().properties().forEach(op -> {
                        String name = op.getKey().toUpperCase() + " " + p.getKey();
                        if (op.getValue().path("x-tejun-undescribed").asBoolean()) {
                            bare.add(name);
                        }
                        boolean answers = false;
                        for (var r : op.getValue().get("responses").properties()) {
                            answers |= r.getKey().matches("2\\d\\d|302")
                                            && !r.getKey().equals("200")
                                    || r.getValue().has("content") && r.getKey().startsWith("2");
                        }
                        assertTrue(answers, name + " has no success answer with its body");
                    }));
            assertEquals(List.of(), bare, "routes without their request and answer shapes");
            JsonNode run = spec.at("/components/schemas/RunJson");
            assertTrue(run.at("/properties/runId/type").toString().contains("string"), run.toString());
            assertFalse(run.path("additionalProperties").asBoolean(true), "a record allows no other field");
            assertTrue(spec.at("/paths/~1api~1runs/post/requestBody/content/application~1json/schema")
                    .isObject());
        }
    }

    @Test
    void getsWithoutParameters_answerWhatTheDocumentSays() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            Samples s = new Samples(t);
            List<String> gets = new ArrayList<>();
            s.spec.get("paths").properties().forEach(p -> {
                if (!p.getKey().contains("{") && p.getValue().has("get")) {
                    gets.add(p.getKey());
                }
            });
            for (String path : gets) {
                s.call("GET", path, path, null);
            }
            s.assertFits(30);
        }
    }

    @Test
    void changes_answerWhatTheDocumentSays() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            Samples s = new Samples(t);
            t.write("hello.md", "---\ntitle: Hello\n---\n# Hello\n\n```sh {#greet}\necho hello\n```\n");
            String rb = "/api/runbooks/<name>";
            JsonNode created =
                    s.call("POST", "/api/runbooks", "/api/runbooks", "{\"name\":\"made\",\"title\":\"Made\"}");
            String v = created.get("version").asText();
            JsonNode inserted = s.call(
                    "POST",
                    rb + "/cells",
                    "/api/runbooks/made.md/cells",
                    "{\"after\":0,\"language\":\"sh\",\"code\":\"echo one\",\"version\":\"" + v + "\"}");
            v = inserted.get("version").asText();
            assertEquals("code", inserted.at("/cells/1/kind").asText(), inserted.toString());
            v = s.edit("POST", rb + "/cells/{index}/duplicate", "made.md/cells/1/duplicate", "", v);
            v = s.edit("POST", rb + "/cells/{index}/move", "made.md/cells/1/move", "\"by\":1,", v);
            v = s.edit(
                    "PUT",
                    rb + "/cells/{index}/attributes",
                    "made.md/cells/1/attributes",
                    "\"id\":\"one\",\"values\":{\"timeout\":\"30\"},",
                    v);
            v = s.edit("DELETE", rb + "/cells/{index}", "made.md/cells/2", "", v);
            s.call(
                    "PUT",
                    rb + "/front-matter",
                    "/api/runbooks/made.md/front-matter",
                    "{\"yaml\":\"title: Made again\\n\",\"version\":\"" + v + "\"}");
            s.call("GET", rb, "/api/runbooks/made.md", null);
            s.call("GET", rb + "/history", "/api/runbooks/made.md/history", null);

            String runId = s.call("POST", "/api/runs", "/api/runs", "{\"runbook\":\"hello.md\"}")
                    .get("runId")
                    .asText();
            String run = "/api/runs/{runId}";
            JsonNode page;
            do {
                page = s.call("GET", run + "/events", "/api/runs/" + runId + "/events?wait=10", null);
            } while (!page.get("finished").asBoolean());
            s.call("GET", run, "/api/runs/" + runId, null);
            s.call("GET", run + "/verify", "/api/runs/" + runId + "/verify", null);
            s.call("GET", run + "/compare", "/api/runs/" + runId + "/compare?with=" + runId, null);
            s.call("GET", run + "/report.md", "/api/runs/" + runId + "/report.md", null);
            s.call("GET", run + "/cells/{cellId}/{stream}", "/api/runs/" + runId + "/cells/greet/stdout", null);
            s.call("GET", "/api/runs", "/api/runs", null);

            String sheet = "/api/cmdb/sheets/{sheet}";
            s.call(
                    "POST",
                    "/api/cmdb/sheets",
                    "/api/cmdb/sheets",
                    "{\"name\":\"dns\",\"kind\":\"DATA\",\"columns\":[{\"name\":\"zone\",\"type\":\"STRING\"}]}");
            JsonNode row = s.call(
                    "POST", sheet + "/rows", "/api/cmdb/sheets/dns/rows", "{\"values\":{\"zone\":\"example.com\"}}");
            String rowPath = "/api/cmdb/sheets/dns/rows/" + row.get("id").asText();
            s.call(
                    "PUT",
                    sheet + "/rows/{id}",
                    rowPath,
                    "{\"values\":{\"zone\":\"example.org\"},\"version\":" + row.get("version") + "}");
            s.call("GET", sheet + "/rows/{id}/history", rowPath + "/history", null);
            s.call("GET", sheet + "/rows", "/api/cmdb/sheets/dns/rows", null);
            s.call("GET", sheet, "/api/cmdb/sheets/dns", null);

            s.call(
                    "POST",
                    "/api/users",
                    "/api/users",
                    "{\"name\":\"ann\",\"password\":\"a long pass phrase 7\",\"roles\":[\"viewer\"]}");
            s.call("PUT", "/api/users/{name}", "/api/users/ann", "{\"roles\":[\"viewer\",\"operator\"]}");
            JsonNode token = s.call("POST", "/api/tokens", "/api/tokens", "{\"label\":\"ci\"}");
            s.call(
                    "DELETE",
                    "/api/tokens/{id}",
                    "/api/tokens/" + token.at("/info/id").asText(),
                    null);
            s.call("PUT", "/api/me/settings", "/api/me/settings", "{\"language\":\"ja\",\"timeZone\":\"Asia/Tokyo\"}");
            s.call("POST", "/api/schedules", "/api/schedules", "{\"target\":\"hello.md\",\"cron\":\"0 3 * * *\"}");
            s.call(
                    "POST",
                    "/api/evidence/holds",
                    "/api/evidence/holds",
                    "{\"kind\":\"run\",\"id\":\"" + runId + "\",\"reason\":\"case 42\"}");
            s.call("DELETE", "/api/evidence/holds/{id}", "/api/evidence/holds/" + runId, null);
            s.call("POST", "/api/evidence/prune", "/api/evidence/prune", "{\"dryRun\":true}");
            s.call("POST", "/api/events/breaker/close", "/api/events/breaker/close", null);
            s.assertFits(30);
        }
    }

    @Test
    void check_refusesAnAnswerWithAFieldMoreOrLess() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            JsonNode spec = JSON.readTree(t.get("/api/openapi.json").body());
            JsonNode schema = spec.at("/paths/~1api~1me/get/responses/200/content/application~1json/schema");
            ObjectNode me = (ObjectNode) JSON.readTree(t.get("/api/me").body());
            SchemaCheck check = new SchemaCheck(spec);
            assertEquals(List.of(), check.problems(schema, me));
            ObjectNode more = me.deepCopy().put("admin", true);
            assertEquals(List.of("$.admin: a field the schema does not have"), check.problems(schema, more));
            ObjectNode less = me.deepCopy();
            less.remove("roles");
            assertEquals(List.of("$: required field roles is missing"), check.problems(schema, less));
            ObjectNode other = me.deepCopy().put("roles", "admin");
            assertEquals(
                    1,
                    check.problems(schema, other).size(),
                    check.problems(schema, other).toString());
        }
    }

    @Test
    void refusals_answerWhatTheDocumentSays() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            Samples s = new Samples(t);
            t.write("hello.md", "# Hello\n\n```sh {#greet}\necho hello\n```\n");
            String viewer = t.userWith("vera", dev.tejun.server.auth.Role.VIEWER);
            assertEquals(401, s.refused(null, "GET", "/api/me", "/api/me", null));
            assertEquals(403, s.refused(viewer, "GET", "/api/users", "/api/users", null));
            assertEquals(404, s.refused(t.token, "GET", "/api/runs/{runId}", "/api/runs/20990101-000000-abcdef", null));
            assertEquals(404, s.refused(t.token, "GET", "/api/runbooks/<name>", "/api/runbooks/no/such.md", null));
            assertEquals(404, s.refused(t.token, "GET", "/api/cmdb/sheets/{sheet}", "/api/cmdb/sheets/nosuch", null));
            assertEquals(400, s.refused(t.token, "POST", "/api/runs", "/api/runs", "{\"runbook\":"));
            assertEquals(
                    400, s.refused(t.token, "GET", "/api/runs/{runId}/events", "/api/runs/x/events?since=-1", null));
            assertEquals(409, s.refused(t.token, "POST", "/api/runbooks", "/api/runbooks", "{\"name\":\"hello\"}"));
            String stale = "{\"yaml\":\"title: Again\\n\",\"version\":\"not-the-version\"}";
            assertEquals(
                    409,
                    s.refused(
                            t.token,
                            "PUT",
                            "/api/runbooks/<name>/front-matter",
                            "/api/runbooks/hello.md/front-matter",
                            stale));
            s.call(
                    "POST",
                    "/api/cmdb/sheets",
                    "/api/cmdb/sheets",
                    "{\"name\":\"dns\",\"kind\":\"DATA\",\"columns\":[{\"name\":\"zone\",\"type\":\"STRING\"}]}");
            JsonNode row = s.call(
                    "POST",
                    "/api/cmdb/sheets/{sheet}/rows",
                    "/api/cmdb/sheets/dns/rows",
                    "{\"values\":{\"zone\":\"example.com\"}}");
            assertEquals(
                    409,
                    s.refused(
                            t.token,
                            "PUT",
                            "/api/cmdb/sheets/{sheet}/rows/{id}",
                            "/api/cmdb/sheets/dns/rows/" + row.get("id").asText(),
                            "{\"values\":{\"zone\":\"example.org\"},\"version\":"
                                    + (row.get("version").asLong() + 7) + "}"));
            assertEquals(
                    400,
                    s.refused(
                            t.token,
                            "POST",
                            "/api/cmdb/sheets/{sheet}/rows",
                            "/api/cmdb/sheets/dns/rows",
                            "{\"values\":{\"nocolumn\":\"x\"}}"));
            s.assertFits(12);
        }
    }

    /** Sends requests as the admin and checks each answer against the document. */
    private static final class Samples {
        final TestServer t;
        final JsonNode spec;
        final SchemaCheck check;
        final Set<String> fitted = new TreeSet<>();
        final List<String> problems = new ArrayList<>();

        Samples(TestServer t) throws Exception {
            this.t = t;
            this.spec = JSON.readTree(t.get("/api/openapi.json").body());
            this.check = new SchemaCheck(spec);
        }

        /** @param template the route as the document names it (a Javalin {@code <x>} is written {@code {x}} there) */
        JsonNode call(String method, String template, String path, String body) throws Exception {
            String name = method + " " + template;
            HttpResponse<String> r = t.as(t.token, method, path, body);
            operation(method, template, path);
            int status = r.statusCode();
            if (status >= 400) {
                // only a request the test means to succeed is sent with a body: a refusal there is the test's error
                assertTrue(body == null, name + " answered " + status + ": " + r.body());
                return null;
            }
            problems.addAll(check.answerProblems(method, template, r));
            fitted.add(name);
            boolean json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            return json && !r.body().isEmpty() ? JSON.readTree(r.body()) : null;
        }

        /**
         * A request the server is to refuse, as {@code token} (null: none): its status must be one the document lists
         * for the operation, and its body fit that answer's schema. Answers the status.
         */
        int refused(String token, String method, String template, String path, String body) throws Exception {
            String name = method + " " + template;
            HttpResponse<String> r = token == null
                    ? t.http.send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(t.server.baseUrl() + path))
                                    .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    : t.as(token, method, path, body);
            JsonNode op = operation(method, template, path);
            int status = r.statusCode();
            assertTrue(status >= 400, name + " was to be refused, answered " + status + ": " + r.body());
            JsonNode answer = op.path("responses").path(Integer.toString(status));
            if (answer.isMissingNode()) {
                problems.add(name + " answered " + status + ", which the document does not list: " + r.body());
                return status;
            }
            JsonNode schema = answer.at("/content/application~1json/schema");
            if (schema.isMissingNode()) {
                problems.add(name + " " + status + ": the document has no JSON body for it");
            } else {
                check.problems(schema, JSON.readTree(r.body()))
                        .forEach(x -> problems.add(name + " " + status + " " + x));
            }
            fitted.add(name + " " + status);
            return status;
        }

        /** The document's operation of {@code method template}, which must declare every query parameter of {@code path}. */
        private JsonNode operation(String method, String template, String path) {
            JsonNode op = spec.path("paths")
                    .path(OpenApiDocument.openApiPath(template))
                    .path(method.toLowerCase());
            assertFalse(op.isMissingNode(), method + " " + template + " is not in the document");
            assertQueryDeclared(op, method + " " + template, path);
            return op;
        }

        /** Every query parameter {@code path} carries is one the operation declares. */
        private void assertQueryDeclared(JsonNode op, String name, String path) {
            int q = path.indexOf('?');
            if (q < 0) {
                return;
            }
            Set<String> declared = new TreeSet<>();
            op.path("parameters").forEach(p -> {
                if (p.path("in").asText().equals("query")) {
                    declared.add(p.path("name").asText());
                }
            });
            for (String pair : path.substring(q + 1).split("&")) {
                String key = pair.split("=", 2)[0];
                if (!declared.contains(key)) {
                    problems.add(name + ": query parameter " + key + " is not in the document (" + declared + ")");
                }
            }
        }

        /** A runbook edit: {@code fields} (each followed by a comma) and the version it replaces; answers the new one. */
        String edit(String method, String template, String file, String fields, String version) throws Exception {
            String body = "{" + fields + "\"version\":\"" + version + "\"}";
            return call(method, template, "/api/runbooks/" + file, body)
                    .get("version")
                    .asText();
        }

        void assertFits(int atLeast) {
            assertEquals(List.of(), problems, "answers that disagree with the document");
            assertTrue(fitted.size() >= atLeast, "only " + fitted.size() + " operations answered: " + fitted);
        }
    }
}

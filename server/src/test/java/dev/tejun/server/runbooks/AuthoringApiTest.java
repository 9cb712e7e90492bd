package dev.tejun.server.runbooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.fixtures.WsClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Authoring over REST (issue 17 §2): each edit writes only its own bytes, needs editor, is audited and pushed to tabs. */
class AuthoringApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "# Steps\n\n```sh {#a}\necho a\n```\n\nMiddle.\n\n```bash\necho b\n```\n";

    @Served
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t.write("ops/steps.md", FILE);
    }

    private String version() throws Exception {
        return JSON.readTree(t.get("/api/runbooks/ops/steps.md").body())
                .path("version")
                .asText();
    }

    private String file() throws Exception {
        return Files.readString(t.runbooks.resolve("ops/steps.md"));
    }

    private HttpResponse<String> edit(String method, String path, String body) throws Exception {
        return t.send(
                method,
                path,
                body,
                java.util.Map.of("Authorization", "Bearer " + t.token, "Content-Type", "application/json"));
    }

    @Test
    void postRunbooks_newRunbook_writesTitleAndRefusesASecondTime() throws Exception {
        HttpResponse<String> r =
                t.post("/api/runbooks", "{\"name\":\"patch\",\"title\":\"Patch: web\",\"folder\":\"ops/\"}");

        assertEquals(201, r.statusCode(), r.body());
        assertEquals(
                "---\ntitle: \"Patch: web\"\n---\n# Patch: web\n",
                Files.readString(t.runbooks.resolve("ops/patch.md")));
        assertEquals("Patch: web", JSON.readTree(r.body()).path("title").asText(), r.body());
        HttpResponse<String> again = t.post("/api/runbooks", "{\"name\":\"patch.md\",\"folder\":\"ops\"}");
        assertEquals(409, again.statusCode(), again.body());
    }

    @Test
    void insertMoveDuplicateDelete_eachChangesOnlyItsBytes() throws Exception {
        HttpResponse<String> r = t.post(
                "/api/runbooks/ops/steps.md/cells",
                "{\"after\":3,\"language\":\"sh\",\"code\":\"echo c\",\"version\":\"" + version() + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(FILE + "\n```sh\necho c\n```\n", file());

        r = t.post("/api/runbooks/ops/steps.md/cells/1/move", "{\"by\":1,\"version\":\"" + version() + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(
                "# Steps\n\nMiddle.\n\n```sh {#a}\necho a\n```\n\n```bash\necho b\n```\n\n```sh\necho c\n```\n",
                file());

        r = t.post("/api/runbooks/ops/steps.md/cells/1/duplicate", "{\"version\":\"" + version() + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(file().contains("```sh {#a}\necho a\n```\n\n```sh\necho a\n```\n"), file());

        r = edit("DELETE", "/api/runbooks/ops/steps.md/cells/3", "{\"version\":\"" + version() + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(
                "# Steps\n\nMiddle.\n\n```sh {#a}\necho a\n```\n\n```bash\necho b\n```\n\n```sh\necho c\n```\n",
                file());
    }

    @Test
    void putAttributes_writesOnlyTheFenceLine() throws Exception {
        HttpResponse<String> r = t.put(
                "/api/runbooks/ops/steps.md/cells/3/attributes",
                "{\"id\":\"b\",\"values\":{\"timeout\":\"30\",\"continue-on-error\":\"true\"},\"version\":\""
                        + version() + "\"}");

        assertEquals(200, r.statusCode(), r.body());
        assertEquals(FILE.replace("```bash\n", "```bash {#b timeout=30 continue-on-error=true}\n"), file());
        HttpResponse<String> bad = t.put(
                "/api/runbooks/ops/steps.md/cells/3/attributes",
                "{\"values\":{\"nonsense\":\"1\"},\"version\":\"" + version() + "\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("unknown attribute"), bad.body());
    }

    @Test
    void putAttributes_keyOfAnotherExecutorOrIllTypedValue_400AndFileUnchanged() throws Exception {
        String before = file();
        HttpResponse<String> hosts = t.put(
                "/api/runbooks/ops/steps.md/cells/3/attributes",
                "{\"values\":{\"hosts\":\"web\"},\"version\":\"" + version() + "\"}");
        HttpResponse<String> timeout = t.put(
                "/api/runbooks/ops/steps.md/cells/3/attributes",
                "{\"values\":{\"timeout\":\"soon\"},\"version\":\"" + version() + "\"}");

        assertEquals(400, hosts.statusCode(), hosts.body());
        assertTrue(hosts.body().contains("unknown attribute 'hosts': "), hosts.body());
        assertTrue(hosts.body().contains("cells take timeout, "), hosts.body());
        assertEquals(400, timeout.statusCode(), timeout.body());
        assertTrue(timeout.body().contains("timeout=soon is not a duration"), timeout.body());
        assertEquals(before, file());
    }

    @Test
    void getRunbook_listsOncePerLanguageTheAttributesItsExecutorTakes() throws Exception {
        JsonNode doc =
                new ObjectMapper().readTree(t.get("/api/runbooks/ops/steps.md").body());
        JsonNode cell = doc.path("cells").get(3);

        List<String> names = new ArrayList<>();
        doc.path("takes")
                .path(cell.path("language").asText())
                .forEach(a -> names.add(a.path("name").asText()));
        assertTrue(names.containsAll(List.of("timeout", "cwd", "pty", "streams")), names.toString());
        assertFalse(names.contains("hosts"), names.toString());
        assertTrue(cell.path("takes").isMissingNode(), "a cell does not repeat its language's list: " + cell);
    }

    @Test
    void putFrontMatter_checkedAsCheckDoes() throws Exception {
        HttpResponse<String> bad = t.put(
                "/api/runbooks/ops/steps.md/front-matter",
                "{\"yaml\":\"params: [oops\",\"version\":\"" + version() + "\"}");
        assertEquals(400, bad.statusCode(), bad.body());
        assertEquals(FILE, file(), "a refused edit changes nothing");

        HttpResponse<String> r = t.put(
                "/api/runbooks/ops/steps.md/front-matter",
                "{\"yaml\":\"title: Steps\\nrequires: [operator]\",\"version\":\"" + version() + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("---\ntitle: Steps\nrequires: [operator]\n---\n" + FILE, file());
    }

    @Test
    void edits_asViewerOrStale_refusedAndFileUnchanged() throws Exception {
        String viewer = t.userWith("vera", Role.VIEWER);
        String v = version();
        assertEquals(
                403, t.as(viewer, "POST", "/api/runbooks", "{\"name\":\"x\"}").statusCode());
        assertEquals(
                403,
                t.as(viewer, "POST", "/api/runbooks/ops/steps.md/cells/1/move", "{\"by\":1,\"version\":\"" + v + "\"}")
                        .statusCode());
        assertEquals(
                403,
                t.as(viewer, "DELETE", "/api/runbooks/ops/steps.md/cells/1", "{\"version\":\"" + v + "\"}")
                        .statusCode());
        assertEquals(
                409,
                t.post("/api/runbooks/ops/steps.md/cells/1/duplicate", "{\"version\":\"old\"}")
                        .statusCode());
        assertEquals(FILE, file());
        assertTrue(Files.notExists(t.runbooks.resolve("x.md")));
    }

    @Test
    void move_isAuditedAndPushedToTheOtherTabs() throws Exception {
        try (WsClient other = t.connect("ops/steps.md")) {
            HttpResponse<String> r =
                    t.post("/api/runbooks/ops/steps.md/cells/1/move", "{\"by\":1,\"version\":\"" + version() + "\"}");
            assertEquals(200, r.statusCode(), r.body());

            JsonNode saved = other.next("runbook-saved");
            assertEquals(version(), saved.path("version").asText());
            assertEquals("ops/steps.md", saved.path("runbook").asText());
        }
        String audit = t.get("/api/audit").body();
        assertTrue(audit.contains("/api/runbooks/ops/steps.md/cells/1/move"), audit);
    }
}

package dev.tejun.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunbooksApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DOC = """
            # Patch

            Check disk first.

            ```sh {#disk timeout=60}
            df -h /
            ```

            Then greet.

            ```sh
            echo hi
            ```
            """;

    @Served
    TestServer t;

    @Test
    void GET_health_ok() throws Exception {
        HttpResponse<String> r = t.get("/api/health");
        assertEquals(200, r.statusCode());
        assertEquals("ok", JSON.readTree(r.body()).path("status").asText());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void GET_runbooks_listsFolder() throws Exception {
        t.write("b.md", "# B\n");
        t.write("ops/a.md", "# A\n");
        t.write("notes.txt", "not a runbook\n");
        t.write(".hidden/c.md", "# hidden\n");
        JsonNode list = JSON.readTree(t.get("/api/runbooks").body());
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.path("name").asText()));
        assertEquals(List.of("b.md", "ops/a.md"), names);
    }

    @Test
    void GET_runbook_givesDocument() throws Exception {
        t.write("ops/patch.md", DOC);
        HttpResponse<String> r = t.get("/api/runbooks/ops/patch.md");
        assertEquals(200, r.statusCode());
        JsonNode doc = JSON.readTree(r.body());
        assertEquals("ops/patch.md", doc.path("name").asText());
        assertEquals(sha256(DOC), doc.path("version").asText());
        JsonNode cells = doc.path("cells");
        assertEquals(4, cells.size());
        assertEquals("prose", cells.get(0).path("kind").asText());
        assertEquals("code", cells.get(1).path("kind").asText());
        assertEquals("disk", cells.get(1).path("id").asText());
        assertEquals("60", cells.get(1).path("attributes").path("timeout").asText());
        assertEquals("df -h /\n", cells.get(1).path("code").asText());
        assertEquals("cell-2", cells.get(3).path("id").asText());
    }

    @Test
    void GET_runbook_missing_404() throws Exception {
        HttpResponse<String> r = t.get("/api/runbooks/nope.md");
        assertEquals(404, r.statusCode());
        assertTrue(JSON.readTree(r.body()).path("error").asText().contains("nope.md"));
    }

    @Test
    void GET_runbook_rendersProseEscaped() throws Exception {
        t.write("x.md", "Hello <script>alert(1)</script> **world**\n");
        JsonNode prose =
                JSON.readTree(t.get("/api/runbooks/x.md").body()).path("cells").get(0);
        String html = prose.path("html").asText();
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;"), html);
        assertTrue(html.contains("<strong>world</strong>"), html);
    }

    @Test
    void PUT_cell_changesOnlyThatCell() throws Exception {
        Path file = t.write("patch.md", DOC);
        String version = sha256(DOC);
        HttpResponse<String> r =
                t.put("/api/runbooks/patch.md/cells/1", "{\"code\":\"df -h /var\\n\",\"version\":\"" + version + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        String expected = DOC.replace("df -h /\n", "df -h /var\n");
        assertEquals(expected, Files.readString(file));
        assertEquals(sha256(expected), JSON.readTree(r.body()).path("version").asText());

        r = t.put(
                "/api/runbooks/patch.md/cells/2",
                "{\"source\":\"\\nThen greet twice.\\n\\n\",\"version\":\"" + sha256(expected) + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(expected.replace("Then greet.", "Then greet twice."), Files.readString(file));
    }

    @Test
    void PUT_cell_answersTheTextItReplaced_soAWholeFilePutUndoesIt_unlessChangedSince() throws Exception {
        Path file = t.write("patch.md", DOC.replace("\n", "\r\n")); // bytes a cell edit would not write itself
        String before = Files.readString(file);
        HttpResponse<String> r = t.put(
                "/api/runbooks/patch.md/cells/1",
                "{\"code\":\"df -h /var\\n\",\"version\":\"" + sha256(before) + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode saved = JSON.readTree(r.body());
        assertEquals(before, saved.path("replaced").asText());
        assertTrue(JSON.readTree(t.get("/api/runbooks/patch.md").body())
                .path("replaced")
                .isNull());

        String undo = JSON.createObjectNode()
                .put("text", saved.path("replaced").asText())
                .put("version", saved.path("version").asText())
                .toString();
        r = t.put("/api/runbooks/patch.md", undo);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(before, Files.readString(file), "the bytes before the save");

        // saved again, then changed by someone else: the undo of the first save is refused
        r = t.put("/api/runbooks/patch.md/cells/1", "{\"code\":\"true\\n\",\"version\":\"" + sha256(before) + "\"}");
        saved = JSON.readTree(r.body());
        String theirs = saved.path("replaced").asText() + "more\r\n";
        t.put(
                "/api/runbooks/patch.md",
                JSON.createObjectNode()
                        .put("text", theirs)
                        .put("version", saved.path("version").asText())
                        .toString());
        r = t.put(
                "/api/runbooks/patch.md",
                JSON.createObjectNode()
                        .put("text", saved.path("replaced").asText())
                        .put("version", saved.path("version").asText())
                        .toString());
        assertEquals(409, r.statusCode(), r.body());
        assertEquals(theirs, Files.readString(file));
    }

    @Test
    void PUT_cell_wrongKind_400() throws Exception {
        Path file = t.write("patch.md", DOC);
        HttpResponse<String> r = t.put(
                "/api/runbooks/patch.md/cells/0", "{\"code\":\"rm -rf /\\n\",\"version\":\"" + sha256(DOC) + "\"}");
        assertEquals(400, r.statusCode());
        assertEquals(DOC, Files.readString(file));
    }

    @Test
    void PUT_staleVersion_409() throws Exception {
        Path file = t.write("patch.md", DOC);
        HttpResponse<String> r =
                t.put("/api/runbooks/patch.md", "{\"text\":\"# mine\\n\",\"version\":\"" + sha256("old") + "\"}");
        assertEquals(409, r.statusCode());
        assertEquals(sha256(DOC), JSON.readTree(r.body()).path("version").asText(), "answers the current document");
        assertEquals(DOC, Files.readString(file));

        r = t.put("/api/runbooks/patch.md/cells/1", "{\"code\":\"true\\n\",\"version\":\"" + sha256("old") + "\"}");
        assertEquals(409, r.statusCode());
        assertEquals(DOC, Files.readString(file));
    }

    @Test
    void PUT_runbook_replacesOrCreates() throws Exception {
        Path file = t.write("patch.md", DOC);
        HttpResponse<String> r =
                t.put("/api/runbooks/patch.md", "{\"text\":\"# mine\\n\",\"version\":\"" + sha256(DOC) + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("# mine\n", Files.readString(file));

        r = t.put("/api/runbooks/new/one.md", "{\"text\":\"# new\\n\"}");
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("# new\n", Files.readString(t.runbooks.resolve("new/one.md")));

        r = t.put("/api/runbooks/new/one.md", "{\"text\":\"# again\\n\"}");
        assertEquals(409, r.statusCode(), "an existing file is not replaced without its version");
    }

    @Test
    void PUT_badBody_400() throws Exception {
        t.write("patch.md", DOC);
        assertEquals(400, t.put("/api/runbooks/patch.md", "{not json").statusCode());
        assertEquals(
                400, t.put("/api/runbooks/patch.md/cells/x", "{\"code\":\"\"}").statusCode());
        assertEquals(400, t.put("/api/runbooks/notes.txt", "{\"text\":\"x\"}").statusCode());
    }

    @Test
    void GET_anyAnswer_hasSecurityHeaders() throws Exception {
        for (String path : List.of("/api/health", "/webjars/codemirror/5.65.20/lib/codemirror.js")) {
            HttpResponse<String> r = t.get(path);
            assertEquals(200, r.statusCode(), path);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-eval"), path + ": " + csp);
            assertEquals(
                    "nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            assertEquals(
                    "same-origin", r.headers().firstValue("Referrer-Policy").orElse(""), path);
        }
    }

    static String sha256(String text) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}

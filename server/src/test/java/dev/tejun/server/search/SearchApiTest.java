package dev.tejun.server.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.cmdb.CmdbSamples;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/search}: the header's search over runbooks, runs and CMDB rows, as a viewer sees them. */
class SearchApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    TestServer t;
    String viewer;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(temp);
        viewer = t.userWith("vic", Role.VIEWER);
        CmdbSamples.fill(t.cmdb);
        t.write("ops/patch-web.md", "---\ntitle: Patch the web servers\ntags: [patching, nginx]\n---\n# Patch\n");
        t.write("ops/backup.md", "---\ntitle: Nightly backup\ntags: db\n---\n```sh\ntrue\n```\n");
        t.write("readme.md", "# Read me\n");
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private JsonNode search(String q) throws Exception {
        HttpResponse<String> r =
                t.as(viewer, "GET", "/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static List<String> field(JsonNode list, String name) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path(name).asText()));
        return out;
    }

    @Test
    void search_runbooks_byTitlePathAndTag_everyWordMustMatch() throws Exception {
        assertEquals(List.of("ops/patch-web.md"), field(search("patch WEB").get("runbooks"), "name"));
        assertEquals(List.of("ops/patch-web.md"), field(search("nginx").get("runbooks"), "name"));
        assertEquals(List.of("ops/backup.md"), field(search("nightly db").get("runbooks"), "name"));
        assertEquals(
                List.of("ops/backup.md", "ops/patch-web.md"),
                field(search("ops/").get("runbooks"), "name"));
        assertEquals(List.of(), field(search("patch nightly").get("runbooks"), "name"));
        assertEquals(
                List.of("patching", "nginx"), JSON.convertValue(search("nginx").at("/runbooks/0/tags"), List.class));
    }

    @Test
    void search_runbooks_byHeadingAndCellText_sayWhere() throws Exception {
        t.write(
                "ops/rotate.md",
                "# Rotate logs\n\n## Compress yesterday's files\n\n```sh\ngzip /var/log/app/*.1\n```\n");
        JsonNode heading = search("compress YESTERDAY").get("runbooks");
        assertEquals(List.of("ops/rotate.md"), field(heading, "name"));
        assertEquals(
                "## Compress yesterday's files", heading.get(0).get("where").asText());
        JsonNode cell = search("gzip").get("runbooks");
        assertEquals(List.of("ops/rotate.md"), field(cell, "name"));
        assertEquals("gzip /var/log/app/*.1", cell.get(0).get("where").asText());
        assertTrue(search("nginx").at("/runbooks/0/where").isNull(), "found by its tags: no line to show");
        // the list and the search read the file again: an edit shows at once
        t.write("ops/rotate.md", "# Rotate logs\n\n```sh\nxz /var/log/app/*.1\n```\n");
        assertEquals(List.of(), field(search("gzip").get("runbooks"), "name"));
        assertEquals(List.of("ops/rotate.md"), field(search("xz").get("runbooks"), "name"));
    }

    @Test
    void search_runbooks_neverBySecretParamDefault() throws Exception {
        t.write("ops/login.md", "---\nparams:\n  password: { secret: true, default: Swordfish-77 }\n---\n# Log in\n");
        assertEquals(List.of(), field(search("swordfish").get("runbooks"), "name"), "a secret default was searchable");
        assertEquals(List.of("ops/login.md"), field(search("log in").get("runbooks"), "name"));
    }

    @Test
    void search_runs_byParamsAndOutputText() throws Exception {
        t.write("greet.md", "---\nparams:\n  who: { default: nobody }\n---\n```sh\necho \"greetings-$((6*7))\"\n```\n");
        HttpResponse<String> started =
                t.post("/api/runs", "{\"runbook\":\"greet.md\",\"params\":{\"who\":\"zebulon\"}}");
        assertEquals(201, started.statusCode(), started.body());
        String runId = JSON.readTree(started.body()).get("runId").asText();
        t.runEnded(started, "OK");
        Await.until(() -> field(search("greetings-42").get("runs"), "runId").contains(runId), "the run indexed");
        JsonNode byOutput = search("greetings-42").get("runs");
        assertEquals(List.of(runId), field(byOutput, "runId"), "found by what it printed");
        assertEquals("greetings-42", byOutput.get(0).get("where").asText());
        JsonNode byParam = search("zebulon").get("runs");
        assertEquals(List.of(runId), field(byParam, "runId"), "found by a param's value");
        assertEquals("who=zebulon", byParam.get(0).get("where").asText());
    }

    @Test
    void search_cmdbRows_byHostAndValue_neverBySecret() throws Exception {
        JsonNode byValue = search("8081").get("rows");
        assertEquals(1, byValue.size(), byValue.toString());
        assertEquals("web", byValue.get(0).get("sheet").asText());
        assertEquals("web2", byValue.get(0).get("host").asText());
        assertEquals("port", byValue.get(0).get("column").asText());
        assertTrue(field(search("web1 staging").get("rows"), "host").contains("web1"));
        assertEquals(0, search(CmdbSamples.SECRET).get("rows").size(), "a secret value was searchable");
        assertEquals(0, search("hunter2").get("rows").size(), "a part of a secret value was searchable");
    }

    @Test
    void search_runs_byRunbookAndId() throws Exception {
        t.write("hello.md", "```sh\necho hi\n```\n");
        HttpResponse<String> started = t.post("/api/runs", "{\"runbook\":\"hello.md\"}");
        assertEquals(201, started.statusCode(), started.body());
        String runId = JSON.readTree(started.body()).get("runId").asText();
        Await.until(() -> field(search("hello.md").get("runs"), "runId").contains(runId), "the run indexed");
        assertEquals(List.of(runId), field(search(runId).get("runs"), "runId"));
        assertEquals("tester", search(runId).at("/runs/0/user").asText());
    }

    @Test
    void search_emptyOrTooLong_nothingOr400() throws Exception {
        JsonNode empty = search("   ");
        assertEquals(
                0,
                empty.get("runbooks").size()
                        + empty.get("runs").size()
                        + empty.get("rows").size());
        HttpResponse<String> tooLong = t.as(viewer, "GET", "/api/search?q=" + "x".repeat(201), null);
        assertEquals(400, tooLong.statusCode());
    }
}

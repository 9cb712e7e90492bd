package dev.tejun.server.runbooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A secret param's default is a secret: viewers and evidence never see it; editors, who can open the file, do. */
class SecretParamDefaultTest {

    static final String DEFAULT = "dflt-Kx81-token";
    static final ObjectMapper JSON = new ObjectMapper();

    @Served
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t.write("deploy.md", """
                ---
                params:
                  token: { secret: true, default: %s }
                  env: { default: staging }
                ---
                # Deploy

                ```sh {#go}
                echo "env=${params.env}"
                ```
                """.formatted(DEFAULT));
    }

    @Test
    void getRunbook_asViewer_frontMatterHidesTheSecretDefault() throws Exception {
        String viewer = t.userWith("vera", Role.VIEWER);
        HttpResponse<String> r = t.as(viewer, "GET", "/api/runbooks/deploy.md", null);
        assertEquals(200, r.statusCode());
        assertFalse(r.body().contains(DEFAULT), r.body());
        JsonNode doc = JSON.readTree(r.body());
        assertTrue(
                doc.path("frontMatter").asText().contains("token: { secret: true, default: \"****\" }"),
                doc.path("frontMatter").asText());
        assertTrue(doc.path("frontMatter").asText().contains("env: { default: staging }"));
    }

    @Test
    void getRunbook_asEditor_frontMatterIsTheFile() throws Exception {
        String editor = t.userWith("edda", Role.EDITOR);
        JsonNode doc = JSON.readTree(
                t.as(editor, "GET", "/api/runbooks/deploy.md", null).body());
        assertTrue(doc.path("frontMatter").asText().contains(DEFAULT), "an editor edits the file as it is");
    }

    @Test
    void run_withSecretDefault_evidenceAndReportsHoldNoDefault() throws Exception {
        HttpResponse<String> r = t.post("/api/runs", "{\"runbook\":\"deploy.md\"}");
        assertEquals(201, r.statusCode(), r.body());
        String runId = JSON.readTree(r.body()).get("runId").asText();
        Await.until(
                () -> JSON.readTree(t.get("/api/runs/" + runId).body())
                        .path("status")
                        .asText()
                        .equals("OK"),
                "the run ends ok");
        int files = 0;
        try (Stream<Path> all = Files.walk(t.data.resolve("evidence").resolve(runId))) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files++;
                assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).contains(DEFAULT), f.toString());
            }
        }
        assertTrue(files >= 3);
        assertFalse(t.get("/api/runs/" + runId + "/report.md").body().contains(DEFAULT));
        assertFalse(t.get("/api/runs/" + runId + "/report.html").body().contains(DEFAULT));
    }
}

package dev.tejun.server.runs;

import static dev.tejun.kernel.folder.TestGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/runbooks/<name>/cell-versions?cell=ID}: a cell's evidence lined up across the runbook's versions —
 * the code and output of the newest run of each version, with the commit it ran at — real git and the real shell.
 */
@ExtendWith(CellsUnsandboxed.class)
class CellVersionsApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(temp);
        git(t.runbooks, "init", "-q", "-b", "main");
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private String commit(String greeting) throws Exception {
        t.write(
                "greet.md",
                "# Greet\n\n```sh {#hello}\necho " + greeting + "\n```\n\nProse.\n\n```sh {#other}\ntrue\n```\n");
        git(t.runbooks, "add", "greet.md");
        git(t.runbooks, "commit", "-q", "-m", greeting);
        return git(t.runbooks, "rev-parse", "HEAD");
    }

    private String run() throws Exception {
        return t.runEnded(t.post("/api/runs", "{\"runbook\":\"greet.md\"}"), "OK");
    }

    @Test
    void cellVersions_twoCommittedVersions_eachWithItsNewestRunsCodeAndOutput_newestFirst() throws Exception {
        String first = commit("bonjour");
        run();
        String older = run();
        String second = commit("konnichiwa");
        String newer = run();

        var r = t.as(t.userWith("vera", Role.VIEWER), "GET", "/api/runbooks/greet.md/cell-versions?cell=hello", null);

        assertEquals(200, r.statusCode(), r.body());
        JsonNode versions = JSON.readTree(r.body()).path("versions");
        assertEquals(2, versions.size(), r.body());
        JsonNode now = versions.get(0);
        assertEquals(second, now.path("gitCommit").asText());
        assertEquals(newer, now.path("runId").asText());
        assertEquals("OK", now.path("status").asText());
        assertTrue(now.path("input").asText().contains("echo konnichiwa"), now.toString());
        assertEquals("konnichiwa\n", now.path("outputs").path("stdout.bin").asText(), now.toString());
        assertEquals(1, now.path("runs").asInt());
        JsonNode before = versions.get(1);
        assertEquals(first, before.path("gitCommit").asText());
        assertEquals(older, before.path("runId").asText(), "the newest run of that version");
        assertEquals("bonjour\n", before.path("outputs").path("stdout.bin").asText(), before.toString());
        assertEquals(2, before.path("runs").asInt());
    }

    @Test
    void cellVersions_noCellOrABadId_400_aCellThatNeverRan_noVersions() throws Exception {
        commit("hi");
        run();

        assertEquals(400, t.get("/api/runbooks/greet.md/cell-versions").statusCode());
        assertEquals(
                400, t.get("/api/runbooks/greet.md/cell-versions?cell=..%2Fx").statusCode());
        JsonNode none = JSON.readTree(
                t.get("/api/runbooks/greet.md/cell-versions?cell=nothere").body());
        assertEquals(0, none.path("versions").size(), none.toString());
    }
}

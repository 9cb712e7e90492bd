package dev.tejun.server.guard.release;

import static dev.tejun.kernel.folder.TestGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production runs against real Git, with the release branch configured as {@code release}: alice's save goes on her
 * branch ({@code per-user}), so a run with the protected value {@code env=prod} is refused until bob (a second
 * approver) merged it onto {@code release}; a staging run goes at once; nothing of the refused run executes.
 */
class ProtectedRunApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TEXT = "---\nparams:\n  env: { default: staging, enum: [staging, prod], protected: prod }\n"
            + "---\n# Deploy\n\n```sh {#mark}\necho deploying to ${params.env}\n```\n";

    @TempDir
    Path temp;

    TestServer t;
    String alice;
    String bob;

    @BeforeEach
    void start() throws Exception {
        Settings settings = Settings.of(
                Map.of(),
                Map.of(),
                Map.of(
                        Key.GIT_COMMIT_ON_SAVE, "true",
                        Key.GIT_BRANCH_POLICY, "per-user",
                        Key.GIT_RELEASE_BRANCH, "release"));
        t = new TestServer(temp, config -> config.with(settings));
        t.write("deploy.md", TEXT);
        git(t.runbooks, "init", "-q", "-b", "release");
        git(t.runbooks, "add", ".");
        git(t.runbooks, "commit", "-q", "-m", "start");
        alice = t.userWith("alice", Role.EDITOR, Role.OPERATOR);
        bob = t.userWith("bob", Role.APPROVER);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private String aliceSaves(String text) throws Exception {
        String version = JSON.readTree(
                        t.as(alice, "GET", "/api/runbooks/deploy.md", null).body())
                .path("version")
                .asText();
        String body = JSON.createObjectNode()
                .put("text", text)
                .put("version", version)
                .put("message", "deploy twice")
                .toString();
        HttpResponse<String> r = t.as(alice, "PUT", "/api/runbooks/deploy.md", body);
        assertEquals(200, r.statusCode(), r.body());
        return r.headers().firstValue("Tejun-Commit").orElseThrow();
    }

    private HttpResponse<String> run(String env, boolean wait) throws Exception {
        String body = "{\"runbook\":\"deploy.md\",\"params\":{\"env\":\"" + env + "\"},\"wait\":" + wait + "}";
        return t.as(alice, "POST", "/api/runs", body);
    }

    /** The run's events page once it finished. */
    private JsonNode ended(HttpResponse<String> started) throws Exception {
        assertTrue(started.statusCode() < 300, started.body());
        String runId = JSON.readTree(started.body()).path("runId").asText();
        JsonNode[] page = new JsonNode[1];
        Await.until(
                () -> {
                    page[0] = JSON.readTree(
                            t.get("/api/runs/" + runId + "/events?wait=5").body());
                    return page[0].path("finished").asBoolean();
                },
                "run " + runId + " ends");
        return page[0];
    }

    @Test
    void run_protectedValueOfAnUnreviewedSave_refusedNamingTheReleaseBranch_stagingGoes() throws Exception {
        aliceSaves(TEXT.replace("# Deploy", "# Deploy, reviewed"));

        HttpResponse<String> refused = run("prod", false);
        JsonNode waited = ended(run("prod", true));
        JsonNode staging = ended(run("staging", true));

        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("env=prod makes this a production run of deploy.md"), refused.body());
        assertTrue(refused.body().contains("release branch release"), refused.body());
        assertTrue(refused.body().contains("differs from it"), refused.body());
        assertEquals("failed", waited.path("status").asText(), waited.toString());
        assertTrue(waited.toString().contains("env=prod makes this a production run"), waited.toString());
        assertFalse(waited.toString().contains("deploying to prod"), waited.toString());
        assertEquals("ok", staging.path("status").asText(), staging.toString());
        assertTrue(staging.toString().contains("deploying to staging"), staging.toString());
    }

    @Test
    void run_protectedValueAfterASecondApproverMerged_goes() throws Exception {
        String commit = aliceSaves(TEXT.replace("# Deploy", "# Deploy, reviewed"));
        String body = JSON.createObjectNode()
                .put("branch", "tejun/alice")
                .put("commit", commit)
                .toString();
        HttpResponse<String> merged = t.as(bob, "POST", "/api/runbooks/deploy.md/merge", body);
        assertEquals(200, merged.statusCode(), merged.body());

        JsonNode prod = ended(run("prod", true));

        assertEquals("ok", prod.path("status").asText(), prod.toString());
        assertTrue(prod.toString().contains("deploying to prod"), prod.toString());
        assertEquals(
                git(t.runbooks, "rev-parse", "release"),
                JSON.readTree(merged.body()).path("commit").asText());
    }

    @Test
    void run_protectedValueOfAFileEditedByHand_refused() throws Exception {
        Files.writeString(t.runbooks.resolve("deploy.md"), TEXT + "\nEdited on disk.\n");

        HttpResponse<String> refused = run("prod", false);

        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("git checkout release -- deploy.md"), refused.body());
    }
}

package dev.tejun.server.git;

import static dev.tejun.kernel.folder.TestGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.apidoc.SchemaCheck;
import dev.tejun.server.auth.Role;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote over REST against real Git: a bare repository on disk is the remote, bob pushes to it from his own clone,
 * an admin pulls (or the Git host's webhook makes the server pull) and each changed runbook is checked; alice's save
 * (commit on save) goes out with a push. A webhook with a bad signature is refused and pulls nothing.
 */
class GitRemoteApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "webhook-shared-secret";

    @TempDir
    Path temp;

    @AutoClose
    TestServer t;

    RemoteRepos remote;
    Path bare;
    Path bob;
    String alice;

    @BeforeEach
    void start() throws Exception {
        remote = RemoteRepos.under(temp);
        bare = remote.bare();
        bob = remote.bob();
        Settings settings = Settings.of(
                Map.of(),
                Map.of(Key.GIT_WEBHOOK_SECRET.env(), SECRET),
                Map.of(Key.GIT_COMMIT_ON_SAVE, "true", Key.GIT_REMOTE_URL, bare.toString()));
        t = new TestServer(temp, config -> config.with(settings));
        remote.checkOut(t.runbooks);
        alice = t.userWith("alice", Role.EDITOR);
    }

    private void bobPushes(String file, String text) throws Exception {
        remote.bobPushes(file, text);
    }

    private HttpResponse<String> webhook(Map<String, String> headers, String body) throws Exception {
        return t.send("POST", "/api/git/webhook", body, headers);
    }

    @Test
    void pull_afterAnOutsidePush_bringsTheFilesAndChecksEachOne() throws Exception {
        bobPushes("good.md", "# Good\n\n```sh {#up}\nuptime\n```\n");
        bobPushes("bad.md", "---\ntitle: [unclosed\n---\n# Bad\n");

        HttpResponse<String> r = t.as(t.token, "POST", "/api/git/pull", null);

        assertEquals(200, r.statusCode(), r.body());
        JsonNode report = JSON.readTree(r.body());
        assertEquals("[\"bad.md\",\"good.md\"]", report.path("changed").toString());
        assertEquals("# Good\n\n```sh {#up}\nuptime\n```\n", Files.readString(t.runbooks.resolve("good.md")));
        JsonNode files =
                JSON.readTree(t.as(alice, "GET", "/api/git", null).body()).path("files");
        assertEquals("bad.md", files.get(0).path("path").asText());
        assertFalse(files.get(0).path("ok").asBoolean());
        assertTrue(files.get(0).path("problems").get(0).asText().contains("front matter"), files.toString());
        assertEquals("good.md", files.get(1).path("path").asText());
        assertTrue(files.get(1).path("ok").asBoolean(), files.toString());
    }

    @Test
    void pullAndPush_byAnEditor_403() throws Exception {
        assertEquals(403, t.as(alice, "POST", "/api/git/pull", null).statusCode());
        assertEquals(403, t.as(alice, "POST", "/api/git/push", null).statusCode());
    }

    @Test
    void pull_overAnUnsavedBrowserEdit_409AndTheEditStays() throws Exception {
        Files.writeString(t.runbooks.resolve("disk.md"), "# Disk, being edited\n"); // on disk, not committed
        bobPushes("disk.md", "# Disk, by bob\n");

        HttpResponse<String> r = t.as(t.token, "POST", "/api/git/pull", null);

        assertEquals(409, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("conflict", body.path("report").path("outcome").asText());
        assertTrue(body.path("problems").get(0).asText().startsWith("disk.md: has edits not committed"), r.body());
        assertEquals("# Disk, being edited\n", Files.readString(t.runbooks.resolve("disk.md")));
    }

    @Test
    void push_aliceSave_reachesTheRemote() throws Exception {
        String version = JSON.readTree(
                        t.as(alice, "GET", "/api/runbooks/disk.md", null).body())
                .path("version")
                .asText();
        String body = JSON.createObjectNode()
                .put("text", "# Disk, by alice\n")
                .put("version", version)
                .toString();
        HttpResponse<String> saved = t.as(alice, "PUT", "/api/runbooks/disk.md", body);
        assertEquals(200, saved.statusCode(), saved.body());

        HttpResponse<String> r = t.as(t.token, "POST", "/api/git/push", null);

        assertEquals(200, r.statusCode(), r.body());
        assertEquals(saved.headers().firstValue("Tejun-Commit").orElseThrow(), git(bare, "rev-parse", "main"));
        git(bob, "pull", "-q", "--no-rebase");
        assertEquals("# Disk, by alice\n", Files.readString(bob.resolve("disk.md")));
    }

    @Test
    void webhook_signedAsGitHubSignsIt_pullsAndChecks() throws Exception {
        bobPushes("disk.md", "# Disk, by bob\n");
        String body = "{\"ref\":\"refs/heads/main\",\"after\":\"" + git(bare, "rev-parse", "main") + "\"}";
        String signature = "sha256=" + WebhookSignature.hmac(SECRET, body.getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> r = webhook(Map.of("X-GitHub-Event", "push", WebhookSignature.GITHUB, signature), body);

        assertEquals(202, r.statusCode(), r.body()); // answered before the pull, which runs behind
        JsonNode report = pulledBehind(t, "webhook");
        assertEquals("ok", report.path("outcome").asText(), report.toString());
        assertEquals("disk.md", report.path("checks").get(0).path("path").asText());
        assertEquals(List.of(), SchemaCheck.of(t).answerProblems("POST", "/api/git/webhook", r));
        assertEquals("# Disk, by bob\n", Files.readString(t.runbooks.resolve("disk.md")));
    }

    /** The report of the first pull by {@code who} that the page lists, once it is there (the pull runs behind). */
    static JsonNode pulledBehind(TestServer t, String who) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode state = JSON.readTree(t.get("/api/git").body());
            for (JsonNode r : state.path("recent")) {
                if (r.path("by").asText().equals(who) && !state.path("busy").asBoolean()) {
                    return r;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "no pull by " + who + " after a minute: " + t.get("/api/git").body());
    }

    @Test
    void webhook_badSignature_401AndNothingPulled() throws Exception {
        String before = git(t.runbooks, "rev-parse", "HEAD");
        bobPushes("disk.md", "# Disk, by bob\n");
        String body = "{\"ref\":\"refs/heads/main\"}";
        String forged = "sha256=" + WebhookSignature.hmac("not-the-secret", body.getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> github = webhook(Map.of(WebhookSignature.GITHUB, forged), body);
        HttpResponse<String> gitlab = webhook(Map.of(WebhookSignature.GITLAB, "guess"), body);
        HttpResponse<String> unsigned = webhook(Map.of(), body);

        assertEquals(401, github.statusCode(), github.body());
        assertTrue(github.body().contains("wrong signature"), github.body());
        assertEquals(401, gitlab.statusCode(), gitlab.body());
        assertEquals(401, unsigned.statusCode(), unsigned.body());
        assertEquals(List.of(), SchemaCheck.of(t).answerProblems("POST", "/api/git/webhook", github));
        assertEquals(before, git(t.runbooks, "rev-parse", "HEAD"));
        assertEquals(RemoteRepos.DISK, Files.readString(t.runbooks.resolve("disk.md")));
    }

    @Test
    void webhook_gitLabTokenForAnotherBranch_202AndNothingPulled() throws Exception {
        String before = git(t.runbooks, "rev-parse", "HEAD");
        bobPushes("disk.md", "# Disk, by bob\n");

        HttpResponse<String> r = webhook(Map.of(WebhookSignature.GITLAB, SECRET), "{\"ref\":\"refs/heads/topic\"}");

        assertEquals(202, r.statusCode(), r.body());
        assertEquals(List.of(), SchemaCheck.of(t).answerProblems("POST", "/api/git/webhook", r));
        assertEquals(before, git(t.runbooks, "rev-parse", "HEAD"));
    }
}

package dev.tejun.server.runbooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.folder.TestGit;
import dev.tejun.server.auth.Role;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review path over REST against real Git: alice saves on her branch, the history and the cell diff show it, she
 * may not approve her own change, bob (approver) merges it into main, and the audit log has the merge.
 */
class ReviewApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TEXT = "---\nrelease: reviewed\n---\n# Disk\n\n```sh {#df}\ndf -h /\n```\n";

    @TempDir
    Path temp;

    @AutoClose
    TestServer t;

    String alice;
    String bob;

    @BeforeEach
    void start() throws Exception {
        Settings settings = Settings.of(
                Map.of(), Map.of(), Map.of(Key.GIT_COMMIT_ON_SAVE, "true", Key.GIT_BRANCH_POLICY, "per-user"));
        t = new TestServer(temp, config -> config.with(settings));
        t.write("disk.md", TEXT);
        TestGit.git(t.runbooks, "init", "-q", "-b", "main");
        TestGit.git(t.runbooks, "add", ".");
        TestGit.git(t.runbooks, "commit", "-q", "-m", "start");
        alice = t.userWith("alice", Role.EDITOR, Role.APPROVER);
        bob = t.userWith("bob", Role.APPROVER);
    }

    /** alice's save of a changed df cell; answers its commit. */
    private String aliceSaves() throws Exception {
        String version = JSON.readTree(
                        t.as(alice, "GET", "/api/runbooks/disk.md", null).body())
                .path("version")
                .asText();
        String body = JSON.createObjectNode()
                .put("text", TEXT.replace("df -h /", "df -h / /var"))
                .put("version", version)
                .put("message", "check /var too")
                .toString();
        HttpResponse<String> r = t.as(alice, "PUT", "/api/runbooks/disk.md", body);
        assertEquals(200, r.statusCode(), r.body());
        return r.headers().firstValue("Tejun-Commit").orElseThrow();
    }

    private HttpResponse<String> merge(String who, String commit) throws Exception {
        String body = JSON.createObjectNode()
                .put("branch", "tejun/alice")
                .put("commit", commit)
                .toString();
        return t.as(who, "POST", "/api/runbooks/disk.md/merge", body);
    }

    @Test
    void historyAndDiff_afterASaveOnAUserBranch_showTheCommitAndTheChangedCell() throws Exception {
        String commit = aliceSaves();

        JsonNode history = JSON.readTree(
                t.as(bob, "GET", "/api/runbooks/disk.md/history", null).body());
        JsonNode diff = JSON.readTree(t.as(bob, "GET", "/api/runbooks/disk.md/diff?from=main&to=tejun/alice", null)
                .body());

        assertEquals(commit, history.get(0).path("id").asText());
        assertEquals("alice", history.get(0).path("author").asText());
        assertEquals("check /var too", history.get(0).path("message").asText());
        assertEquals(1, diff.path("parts").size(), diff.toString());
        assertEquals("df", diff.path("parts").get(0).path("key").asText());
        assertEquals(
                "+df -h / /var", diff.path("parts").get(0).path("lines").get(2).asText());
    }

    @Test
    void diff_unknownVersion_400() throws Exception {
        HttpResponse<String> r = t.as(bob, "GET", "/api/runbooks/disk.md/diff?from=nosuch&to=main", null);

        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("nosuch"), r.body());
    }

    @Test
    void merge_byTheAuthor_409_byASecondApprover_mergedAndAudited() throws Exception {
        String commit = aliceSaves();

        HttpResponse<String> own = merge(alice, commit);
        assertEquals(409, own.statusCode(), own.body());
        assertTrue(own.body().contains("four eyes"), own.body());

        HttpResponse<String> r = merge(bob, commit);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(JSON.readTree(r.body()).path("commit").asText(), TestGit.git(t.runbooks, "rev-parse", "main"));
        assertTrue(TestGit.git(t.runbooks, "log", "-1", "--format=%B", "main").contains("Approved-by: bob"));
        assertEquals(TEXT.replace("df -h /", "df -h / /var"), Files.readString(t.runbooks.resolve("disk.md")));
        String audit = t.as(t.token, "GET", "/api/audit", null).body();
        assertTrue(audit.contains("/api/runbooks/disk.md/merge"), audit);
    }

    @Test
    void merge_byAnEditor_403() throws Exception {
        String commit = aliceSaves();
        String carol = t.userWith("carol", Role.EDITOR);

        assertEquals(403, merge(carol, commit).statusCode());
    }
}

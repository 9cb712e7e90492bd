package dev.tejun.server.git;

import static dev.tejun.kernel.folder.TestGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.folder.GitHttp;
import dev.tejun.server.auth.Role;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote URL with the token in it ({@code http://deploy:TOKEN@host/…}, real {@code git http-backend} that lets in
 * only that login): pulls work with it, and the token reaches no viewer — not the remote's state, not a pull's report,
 * not the merge commit a viewer reads in the history, not the audit log; a failed pull's error hides it too.
 */
class RemotePasswordTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "tok-9f3c2a";

    @TempDir
    Path temp;

    private static TestServer server(Path temp, String url) throws Exception {
        Settings settings =
                Settings.of(Map.of(), Map.of(), Map.of(Key.GIT_COMMIT_ON_SAVE, "true", Key.GIT_REMOTE_URL, url));
        return new TestServer(temp, config -> config.with(settings));
    }

    @Test
    void pull_withTheTokenInTheUrl_mergesAndNoViewerSeesTheToken() throws Exception {
        RemoteRepos remote = RemoteRepos.under(temp);
        try (GitHttp http = GitHttp.start(temp, "deploy", TOKEN);
                TestServer t = server(temp, http.url("remote.git").replace("://", "://deploy:" + TOKEN + "@"))) {
            remote.checkOut(t.runbooks);
            Files.writeString(t.runbooks.resolve("local.md"), "# Local\n");
            git(t.runbooks, "add", "local.md");
            git(t.runbooks, "commit", "-q", "-m", "local");
            remote.bobPushes("disk.md", "# Disk, by bob\n");
            String vera = t.userWith("vera", Role.VIEWER);

            HttpResponse<String> pulled = t.as(t.token, "POST", "/api/git/pull", null);
            HttpResponse<String> state = t.as(vera, "GET", "/api/git", null);
            HttpResponse<String> history = t.as(vera, "GET", "/api/runbooks/disk.md/history", null);
            String log = git(t.runbooks, "log", "--all", "--format=%B");

            assertEquals(200, pulled.statusCode(), pulled.body());
            assertEquals("# Disk, by bob\n", Files.readString(t.runbooks.resolve("disk.md")));
            assertEquals(
                    "http://deploy:***@127.0.0.1:",
                    JSON.readTree(state.body()).path("url").asText().replaceAll("[0-9]+/remote.git$", ""));
            assertTrue(log.contains("deploy:***@"), log);
            for (String shown : new String[] {pulled.body(), state.body(), history.body(), log, audit(t)}) {
                assertFalse(shown.contains(TOKEN), shown);
            }
        }
    }

    @Test
    void pull_unreachableRemoteWithAPassword_theErrorHidesIt() throws Exception {
        try (TestServer t = server(temp, "http://deploy:" + TOKEN + "@127.0.0.1:9/nowhere.git")) {
            git(t.runbooks, "init", "-q", "-b", "main");
            String vera = t.userWith("vera", Role.VIEWER);

            HttpResponse<String> pulled = t.as(t.token, "POST", "/api/git/pull", null);
            HttpResponse<String> state = t.as(vera, "GET", "/api/git", null);

            assertEquals(502, pulled.statusCode(), pulled.body());
            assertTrue(pulled.body().contains("fetch from http://deploy:***@127.0.0.1:9/nowhere.git"), pulled.body());
            assertTrue(state.body().contains("\"outcome\":\"failed\""), state.body());
            for (String shown : new String[] {pulled.body(), state.body(), audit(t)}) {
                assertFalse(shown.contains(TOKEN), shown);
            }
        }
    }

    private static String audit(TestServer t) throws Exception {
        return t.as(t.token, "GET", "/api/audit?limit=1000", null).body();
    }
}

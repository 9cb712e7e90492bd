package dev.tejun.server.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code git.remote.pull-every}: the server pulls bob's push by itself, checks the file, and audits the pull. */
class GitScheduleTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @AutoClose
    TestServer t;

    @Test
    @Timeout(120)
    void pullEvery_bringsAnOutsidePushWithoutAnyoneAsking() throws Exception {
        RemoteRepos remote = RemoteRepos.under(temp);
        Settings settings = Settings.of(
                Map.of(),
                Map.of(),
                Map.of(Key.GIT_REMOTE_URL, remote.bare().toString(), Key.GIT_REMOTE_PULL_EVERY, "1s"));
        // a checkout before the server starts: its first scheduled pull must not meet a clone half made
        remote.checkOut(Files.createDirectories(temp.resolve("runbooks")));
        t = new TestServer(temp, config -> config.with(settings));
        remote.bobPushes("new.md", "# New\n\n```sh {#up}\nuptime\n```\n");

        // waits for the schedule's pull (every second); the test's own timeout bounds it
        JsonNode state;
        do {
            Thread.sleep(200);
            state = JSON.readTree(t.get("/api/git").body());
        } while (state.path("files").isEmpty());

        assertEquals("new.md", state.path("files").get(0).path("path").asText());
        assertTrue(state.path("files").get(0).path("ok").asBoolean(), state.toString());
        assertEquals("scheduler", state.path("recent").get(0).path("via").asText());
        assertEquals("# New\n\n```sh {#up}\nuptime\n```\n", Files.readString(t.runbooks.resolve("new.md")));
        String audit = t.get("/api/audit?action=git.pull").body();
        assertTrue(audit.contains("scheduler") && audit.contains("git.pull"), audit);
    }
}

package dev.tejun.server.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Git host gives up on a webhook call after ~10 s, so the server answers a signed push at once (202) and pulls
 * behind it. The remote here is a {@code git://} listener on loopback that takes the connection and says nothing
 * until the test lets it go: the answer must come while the pull is still waiting on it, and a save from the browser
 * must not wait for it either. The pull's result (failed, the remote hung up) then shows on the Git page and in the
 * audit log.
 */
class WebhookAnswersFirstTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "webhook-shared-secret";

    @TempDir
    Path temp;

    /** Accepts connections and keeps them open, silent, until closed. */
    static final class SilentRemote implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<Socket> held = new CopyOnWriteArrayList<>();

        SilentRemote() throws IOException {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(server.accept());
                    }
                } catch (IOException closed) {
                    // the test is done with it
                }
            });
        }

        String url() {
            return "git://127.0.0.1:" + server.getLocalPort() + "/remote.git";
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void webhook_remoteSlowerThanTheHost_answers202BeforeThePullAndThePageShowsItsResult() throws Exception {
        try (SilentRemote remote = new SilentRemote()) {
            Settings settings = Settings.of(
                    Map.of(), Map.of(Key.GIT_WEBHOOK_SECRET.env(), SECRET), Map.of(Key.GIT_REMOTE_URL, remote.url()));
            try (TestServer t = new TestServer(temp, config -> config.with(settings))) {
                RemoteRepos.under(temp.resolve("repos")).checkOut(t.runbooks);
                String body = "{\"ref\":\"refs/heads/main\"}";
                String signature = "sha256=" + WebhookSignature.hmac(SECRET, body.getBytes(StandardCharsets.UTF_8));

                // the remote answers nothing until released below: a webhook that pulled first would never answer
                HttpResponse<String> r = CompletableFuture.supplyAsync(() -> {
                            try {
                                return t.send(
                                        "POST", "/api/git/webhook", body, Map.of(WebhookSignature.GITHUB, signature));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        })
                        .get(60, TimeUnit.SECONDS);

                assertEquals(202, r.statusCode(), r.body());
                assertEquals(
                        "pull started", JSON.readTree(r.body()).path("accepted").asText(), r.body());
                JsonNode state = JSON.readTree(t.get("/api/git").body());
                assertTrue(state.path("busy").asBoolean(), "the pull is still waiting on the remote: " + state);
                assertEquals(0, state.path("recent").size(), state.toString());

                // a save goes on while the pull waits for the remote: only the pull's merge takes turns with saves
                HttpResponse<String> saved = CompletableFuture.supplyAsync(() -> {
                            try {
                                return t.put("/api/runbooks/meanwhile.md", "{\"text\":\"# Saved meanwhile\\n\"}");
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        })
                        .get(60, TimeUnit.SECONDS);
                assertEquals(201, saved.statusCode(), saved.body());

                remote.close(); // the remote hangs up: the pull fails, and says so where people look

                JsonNode report = GitRemoteApiTest.pulledBehind(t, "webhook");
                assertEquals("failed", report.path("outcome").asText(), report.toString());
                assertTrue(report.path("message").asText().contains("fetch from"), report.toString());
                JsonNode audit = JSON.readTree(t.get("/api/audit?limit=100").body());
                boolean audited = false;
                for (JsonNode e : audit) {
                    audited |= e.path("action").asText().equals("git.pull")
                            && e.path("user").asText().equals("webhook")
                            && e.path("outcome").asText().equals("failed");
                }
                assertTrue(audited, "the pull behind the webhook is audited with its outcome: " + audit);
            }
        }
    }
}

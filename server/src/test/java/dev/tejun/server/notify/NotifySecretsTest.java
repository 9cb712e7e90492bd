package dev.tejun.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.server.auth.Role;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notification secrets kept as CMDB credentials ({@code credential:NAME} in tejun.yaml): encrypted in the database
 * with the data folder's key, revealed at each send (a changed secret is used at once), never shown to a viewer.
 */
class NotifySecretsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    HttpServer receiver;
    /** Each request: its path and its signature header (or ""). */
    final List<String[]> received = new CopyOnWriteArrayList<>();

    final List<byte[]> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void receive() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            bodies.add(ex.getRequestBody().readAllBytes());
            String signature = ex.getRequestHeaders().getFirst(WebhookChannel.SIGNATURE);
            received.add(new String[] {ex.getRequestURI().getPath(), signature == null ? "" : signature});
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private static Settings settings(String yaml) throws ConfigError {
        return Settings.of(ConfigFile.parse("tejun.yaml", yaml), Map.of(), Map.of());
    }

    @Test
    void configFile_takesCredentialNamesForNotifySecretsOnly() throws Exception {
        Settings s = settings("""
                notify:
                  webhook: {url: "https://hooks.example.com/in", secret: "credential:hook-key"}
                  slack: {url: "credential:chat-url"}
                  smtp: {host: mail.example.com, from: t@example.com, user: tejun, password: "credential:smtp"}
                  channels:
                    relay: {kind: email, host: relay.example.com, from: t@example.com, password: "credential:relay"}
                """);
        Notifier.checkChannels(s); // builds every channel without revealing anything
        String written = assertThrows(ConfigError.class, () -> settings("notify:\n  smtp:\n    password: hunter2\n"))
                .getMessage();
        assertTrue(written.contains("tejun.yaml:3") && written.contains("credential:NAME"), written);
        assertThrows(
                ConfigError.class,
                () -> settings("sso:\n  oidc:\n    client-secret: \"credential:oidc\"\n"),
                "only the notification secrets are revealed from the CMDB");
    }

    @Test
    void webhookAndSlack_secretsFromTheCredentialsSheet_encryptedAtRest_revealedAtEachSend() throws Exception {
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        Settings s = settings("""
                notify:
                  webhook: {url: "%s/hook", secret: "credential:hook-key"}
                  slack: {url: "credential:chat-url"}
                  retry-seconds: 1
                """.formatted(base));
        try (TestServer t = new TestServer(temp, c -> c.with(s))) {
            TestHosts.credential(t.cmdb, "hook-key", "first-key-7Q");
            TestHosts.credential(t.cmdb, "chat-url", base + "/slack-T0K3N");
            t.write("ops/fails.md", "```sh {#boom}\nexit 3\n```\n");
            for (String channel : List.of("webhook", "slack")) {
                HttpResponse<String> r = t.post(
                        "/api/notifications/subscriptions",
                        "{\"scope\":\"all\",\"channel\":\"" + channel + "\",\"events\":[\"run.failed\"]}");
                assertEquals(201, r.statusCode(), r.body());
            }

            t.post("/api/runs", "{\"runbook\":\"ops/fails.md\"}");
            Await.until(() -> received.size() >= 2, "the hook and the chat told");
            String[] hook = received.stream()
                    .filter(r -> r[0].equals("/hook"))
                    .findFirst()
                    .orElseThrow();
            byte[] body = bodies.get(received.indexOf(hook));
            assertEquals(
                    "sha256=" + WebhookChannel.sign("first-key-7Q".getBytes(StandardCharsets.UTF_8), body),
                    hook[1],
                    "signed with the key revealed from the sheet");
            assertTrue(received.stream().anyMatch(r -> r[0].equals("/slack-T0K3N")), "posted to the revealed URL");

            // the secrets are stored encrypted: no file of the data folder holds them in clear
            assertEquals(List.of(), TestHosts.filesContaining(t.data, "first-key-7Q"), "the webhook key in clear");
            assertEquals(List.of(), TestHosts.filesContaining(t.data, "slack-T0K3N"), "the chat URL in clear");
            // a viewer sees the credential rows without their values, and not the channels' settings at all
            String viewer = t.userWith("vera", Role.VIEWER);
            HttpResponse<String> rows = t.as(viewer, "GET", "/api/cmdb/sheets/credentials/rows", null);
            assertEquals(200, rows.statusCode(), rows.body());
            assertFalse(rows.body().contains("first-key-7Q") || rows.body().contains("T0K3N"), rows.body());
            assertEquals(
                    403,
                    t.as(viewer, "GET", "/api/notifications/channels", null).statusCode());

            // a changed key is used by the next send, without a restart
            Row key = t.cmdb.list("credentials", RowQuery.active()).stream()
                    .filter(r -> "hook-key".equals(r.value("name")))
                    .findFirst()
                    .orElseThrow();
            t.cmdb.update(
                    "credentials",
                    key.id(),
                    key.version(),
                    RowDraft.data(Map.of("name", "hook-key", "secret", "second-key-9Z")),
                    TestHosts.WHO);
            t.post("/api/runs", "{\"runbook\":\"ops/fails.md\"}");
            Await.until(
                    () -> received.stream().filter(r -> r[0].equals("/hook")).count() >= 2, "the second notice");
            int second = -1;
            for (int i = 0; i < received.size(); i++) {
                second = received.get(i)[0].equals("/hook") ? i : second;
            }
            assertEquals(
                    "sha256="
                            + WebhookChannel.sign("second-key-9Z".getBytes(StandardCharsets.UTF_8), bodies.get(second)),
                    received.get(second)[1]);
        }
    }
}

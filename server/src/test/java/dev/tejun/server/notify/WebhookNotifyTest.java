package dev.tejun.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications through webhooks, received by a real HTTP server on loopback: Tejun's signed JSON, Slack's and
 * Teams' formats, retries of a receiver that fails, and a receiver that never answers holding up no run.
 */
class WebhookNotifyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "hook-key-1";

    /** One request as the receiver got it. */
    record Received(String path, Map<String, List<String>> headers, byte[] body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    @TempDir
    Path temp;

    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    /** How many requests to /hook still answer 500 before one answers 204. */
    final AtomicInteger failFirst = new AtomicInteger();
    /** The first wait before a failed delivery is tried again. */
    int retrySeconds = 1;

    @BeforeEach
    void receive() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            received.add(new Received(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body));
            if (ex.getRequestURI().getPath().equals("/slow")) {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int code = ex.getRequestURI().getPath().equals("/hook") && failFirst.getAndDecrement() > 0 ? 500 : 204;
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private TestServer server(String hookPath) throws Exception {
        return server(temp, TestDatabases::settings, hookPath);
    }

    /** A server in {@code home} on {@code database}'s database, its webhooks to this test's receiver. */
    private TestServer server(Path home, Function<Path, DatabaseSettings> database, String hookPath) throws Exception {
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        Path secret = Files.writeString(temp.resolve("hook-secret"), SECRET + "\n");
        Path slack = Files.writeString(temp.resolve("slack-url"), base + "/slack\n");
        Path teams = Files.writeString(temp.resolve("teams-url"), base + "/teams\n");
        String yaml = """
                notify:
                  webhook:
                    url: %s%s
                    secret-file: %s
                  slack:
                    url-file: %s
                  teams:
                    url-file: %s
                  attempts: 3
                  retry-seconds: %d
                """.formatted(base, hookPath, secret, slack, teams, retrySeconds);
        Settings s = Settings.of(ConfigFile.parse("test.yaml", yaml), Map.of(), Map.of());
        TestServer t = new TestServer(home, database, c -> c.with(s));
        t.write("ops/fails.md", "```sh {#boom}\necho going; exit 3\n```\n");
        t.write("ops/works.md", "```sh {#fine}\necho fine\n```\n");
        return t;
    }

    private TestServer server(Settings s) throws Exception {
        TestServer t = new TestServer(temp, c -> c.with(s));
        t.write("ops/fails.md", "```sh {#boom}\necho going; exit 3\n```\n");
        return t;
    }

    private static void subscribe(TestServer t, String body) throws Exception {
        HttpResponse<String> r = t.post("/api/notifications/subscriptions", body);
        assertEquals(201, r.statusCode(), r.body());
    }

    private static String run(TestServer t, String runbook) throws Exception {
        HttpResponse<String> r = t.post("/api/runs", "{\"runbook\":\"" + runbook + "\"}");
        assertTrue(r.statusCode() / 100 == 2, r.body());
        return JSON.readTree(r.body()).path("runId").asText();
    }

    private List<Received> awaitReceived(String path, int count) throws Exception {
        Await.until(
                () -> received.stream().filter(r -> r.path().equals(path)).count() >= count,
                count + " requests to " + path);
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Test
    void runFailed_folderSubscription_postsSignedJson() throws Exception {
        try (TestServer t = server("/hook")) {
            subscribe(t, "{\"scope\":\"folder\",\"target\":\"ops\",\"channel\":\"webhook\"}");
            String runId = run(t, "ops/fails.md");
            Received r = awaitReceived("/hook", 1).getFirst();
            JsonNode body = r.json();
            assertEquals("run.failed", body.path("event").asText());
            assertEquals("ops/fails.md", body.path("runbook").asText());
            assertEquals("tester", body.path("user").asText());
            assertTrue(body.path("link").asText().endsWith("/run.html?id=" + runId), body.toString());
            String expected = "sha256=" + WebhookChannel.sign(SECRET.getBytes(StandardCharsets.UTF_8), r.body());
            assertEquals(List.of(expected), r.headers().get("X-tejun-signature"), "the HMAC of the exact body");
            assertEquals(List.of("run.failed"), r.headers().get("X-tejun-event"));
        }
    }

    @Test
    void runOk_onlyWhenOptedIn_reachesSlackAndTeamsInTheirFormats() throws Exception {
        try (TestServer t = server("/hook")) {
            subscribe(t, "{\"scope\":\"runbook\",\"target\":\"ops/works.md\",\"channel\":\"teams\"}");
            subscribe(
                    t,
                    "{\"scope\":\"runbook\",\"target\":\"ops/works.md\",\"channel\":\"slack\","
                            + "\"events\":[\"run.ok\"]}");
            run(t, "ops/works.md");
            JsonNode slack = awaitReceived("/slack", 1).getFirst().json();
            assertTrue(slack.path("text").asText().startsWith("*Run of ops/works.md: ok*"), slack.toString());
            assertTrue(slack.path("text").asText().contains("|Open>"), slack.toString());
            run(t, "ops/fails.md"); // another runbook: no subscription of it
            Thread.sleep(1500);
            assertEquals(
                    0,
                    received.stream().filter(r -> r.path().equals("/teams")).count(),
                    "a run that went well is not told to a subscription that did not ask for run.ok");
        }
    }

    @Test
    void teams_messageCard_withOpenLink() throws Exception {
        try (TestServer t = server("/hook")) {
            subscribe(t, "{\"scope\":\"user\",\"target\":\"tester\",\"channel\":\"teams\"}");
            run(t, "ops/fails.md");
            JsonNode card = awaitReceived("/teams", 1).getFirst().json();
            assertEquals("MessageCard", card.path("@type").asText());
            assertEquals("Run of ops/fails.md: failed", card.path("title").asText());
            assertEquals(
                    "OpenUri",
                    card.path("potentialAction").path(0).path("@type").asText());
        }
    }

    @Test
    void namedWebhooks_eachSubscriptionReachesItsChannelSignedWithItsSecret() throws Exception {
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        Path auditKey = Files.writeString(temp.resolve("audit-secret"), "audit-key\n");
        Path opsKey = Files.writeString(temp.resolve("ops-secret"), "ops-key\n");
        String yaml = """
                notify:
                  webhook:
                    url: %s/hook
                  channels:
                    audit:
                      kind: webhook
                      url: %s/audit
                      secret-file: %s
                    ops-hook:
                      kind: webhook
                      url: %s/ops
                      secret-file: %s
                """.formatted(base, base, auditKey, base, opsKey);
        Settings s = Settings.of(ConfigFile.parseAll("test.yaml", yaml), Map.of(), Map.of());
        try (TestServer t = server(s)) {
            JsonNode channels =
                    JSON.readTree(t.get("/api/notifications/channels").body()).path("channels");
            assertEquals(
                    List.of("audit", "ops-hook", "webhook"),
                    channels.findValuesAsText("name").stream().sorted().toList());
            subscribe(t, "{\"scope\":\"folder\",\"target\":\"ops\",\"channel\":\"ops-hook\"}");
            subscribe(t, "{\"scope\":\"all\",\"channel\":\"audit\"}");
            run(t, "ops/fails.md");
            Received ops = awaitReceived("/ops", 1).getFirst();
            Received audit = awaitReceived("/audit", 1).getFirst();
            assertEquals("run.failed", ops.json().path("event").asText());
            assertEquals(
                    List.of("sha256=" + WebhookChannel.sign("ops-key".getBytes(StandardCharsets.UTF_8), ops.body())),
                    ops.headers().get("X-tejun-signature"),
                    "signed with its own channel's secret");
            assertEquals(
                    List.of("sha256="
                            + WebhookChannel.sign("audit-key".getBytes(StandardCharsets.UTF_8), audit.body())),
                    audit.headers().get("X-tejun-signature"));
            Await.until(
                    () -> deliveries(t).size() == 2
                            && deliveries(t).findValuesAsText("status").stream().allMatch("sent"::equals),
                    "both recorded sent");
            assertEquals(
                    List.of("audit", "ops-hook"),
                    deliveries(t).findValuesAsText("channel").stream().sorted().toList());
            assertEquals(
                    0, received.stream().filter(r -> r.path().equals("/hook")).count(), "no one subscribed it");
        }
    }

    @Test
    void pauseCellWaiting_tellsApprovalWaitingWithRunbookCellRunAndLink_toItsFolderSubscription() throws Exception {
        try (TestServer t = server("/hook")) {
            t.write("ops/gate.md", "# Gate\n\n```pause {#hold approver=operator}\nIs the backup done?\n```\n");
            subscribe(
                    t,
                    "{\"scope\":\"folder\",\"target\":\"ops\",\"channel\":\"webhook\",\"events\":[\"approval.waiting\"]}");
            String runId = run(t, "ops/gate.md");
            JsonNode body = awaitReceived("/hook", 1).getFirst().json();
            assertEquals("approval.waiting", body.path("event").asText());
            assertEquals("tester", body.path("user").asText());
            assertEquals("ops/gate.md", body.path("runbook").asText(), "a folder subscription gets it: " + body);
            assertEquals("hold", body.path("cell").asText(), body.toString());
            assertEquals(runId, body.path("runId").asText(), body.toString());
            assertEquals(
                    "Approval waiting: ops/gate.md, cell hold (run " + runId + ")",
                    body.path("subject").asText());
            String text = body.path("text").asText();
            assertTrue(text.startsWith("Run " + runId + " of ops/gate.md by tester waits at cell hold"), text);
            assertTrue(text.contains("(role operator): Is the backup done?"), text);
            assertTrue(body.path("link").asText().endsWith("/run.html?id=" + runId), body.toString());
            assertTrue(text.endsWith(body.path("link").asText()), "the text carries the link too: " + text);
            assertEquals(202, t.post("/api/runs/" + runId + "/stop", "").statusCode());
        }
    }

    @Test
    void receiverFailing_isRetried_andRecordedSent() throws Exception {
        failFirst.set(2);
        try (TestServer t = server("/hook")) {
            subscribe(t, "{\"scope\":\"all\",\"channel\":\"webhook\"}");
            run(t, "ops/fails.md");
            awaitReceived("/hook", 3);
            Await.until(() -> deliveries(t).path(0).path("status").asText().equals("sent"), "recorded sent");
            JsonNode d = deliveries(t).path(0);
            assertEquals(3, d.path("attempts").asInt(), d.toString());
            assertEquals("run.failed", d.path("event").asText());
        }
    }

    @Test
    void pendingDelivery_serverRestarted_isSentByTheNextServer() throws Exception {
        failFirst.set(1);
        retrySeconds = 3600; // the retry is due long after this server stops
        try (TestServer t = server("/hook")) {
            subscribe(t, "{\"scope\":\"all\",\"channel\":\"webhook\"}");
            run(t, "ops/fails.md");
            awaitReceived("/hook", 1);
            Await.until(() -> deliveries(t).path(0).path("attempts").asInt() == 1, "the first try recorded");
            assertEquals("pending", deliveries(t).path(0).path("status").asText());
        }
        retrySeconds = 1;
        try (TestServer t = server("/hook")) {
            Await.until(() -> deliveries(t).path(0).path("status").asText().equals("sent"), "sent after the restart");
            JsonNode d = deliveries(t).path(0);
            assertEquals(2, d.path("attempts").asInt(), d.toString());
            List<Received> got = awaitReceived("/hook", 2);
            assertEquals("run.failed", got.get(1).json().path("event").asText());
            assertEquals("ops/fails.md", got.get(1).json().path("runbook").asText());
        }
    }

    @Test
    void pendingRetry_secondServerStartsOnTheSameDatabase_sentOnceWithItsDeliveryId() throws Exception {
        failFirst.set(1);
        retrySeconds = 3; // the retry falls due while both servers run: each could go on with it
        DatabaseSettings shared = TestDatabases.postgresql(temp.resolve("a/data"));
        try (TestServer a = server(temp.resolve("a"), home -> shared, "/hook")) {
            subscribe(a, "{\"scope\":\"all\",\"channel\":\"webhook\"}");
            run(a, "ops/fails.md");
            awaitReceived("/hook", 1);
            Await.until(() -> deliveries(a).path(0).path("attempts").asInt() == 1, "the first try recorded");
            try (TestServer b = server(temp.resolve("b"), home -> shared, "/hook")) {
                Await.until(() -> deliveries(b).path(0).path("status").asText().equals("sent"), "sent");
                Thread.sleep(2000); // both timers were due: the one that lost the take sends nothing
                List<Received> got = awaitReceived("/hook", 2);
                assertEquals(2, got.size(), "one failed try and one retry, not a retry from each server");
                assertEquals(2, deliveries(a).path(0).path("attempts").asInt());
                String id = deliveries(a).path(0).path("id").asText();
                assertEquals(List.of(id), got.get(0).headers().get("X-tejun-delivery"));
                assertEquals(List.of(id), got.get(1).headers().get("X-tejun-delivery"), "every try carries the id");
            }
        }
    }

    @Test
    void receiverAlwaysFailing_isRecordedFailedWithReason() throws Exception {
        failFirst.set(100);
        try (TestServer t = server("/hook")) {
            subscribe(t, "{\"scope\":\"all\",\"channel\":\"webhook\"}");
            run(t, "ops/fails.md");
            Await.until(() -> deliveries(t).path(0).path("status").asText().equals("failed"), "recorded failed");
            JsonNode d = deliveries(t).path(0);
            assertEquals(3, d.path("attempts").asInt(), d.toString());
            assertEquals("IOException: HTTP 500", d.path("reason").asText());
        }
    }

    @Test
    void receiverNeverAnswering_doesNotHoldUpRuns() throws Exception {
        try (TestServer t = server("/slow")) {
            subscribe(t, "{\"scope\":\"all\",\"channel\":\"webhook\",\"events\":[\"run.ok\",\"run.failed\"]}");
            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                String runId = run(t, "ops/works.md");
                Await.until(() -> ended(t, runId), "run " + runId + " ended");
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 10_000, "three runs took " + ms + " ms while the receiver hangs");
            assertEquals("sending", deliveries(t).path(0).path("status").asText(), "its try still waits for an answer");
        }
    }

    @Test
    void subscribe_badInput_isRefusedWithTheReason() throws Exception {
        try (TestServer t = server("/hook")) {
            HttpResponse<String> r = t.post(
                    "/api/notifications/subscriptions",
                    "{\"scope\":\"all\",\"channel\":\"email\",\"address\":\"a@example.com\"}");
            assertEquals(400, r.statusCode());
            assertTrue(
                    r.body().contains("no channel 'email' is configured (configured: slack, teams, webhook)"),
                    r.body());
            r = t.post(
                    "/api/notifications/subscriptions",
                    "{\"scope\":\"runbook\",\"target\":\"a.md\",\"channel\":\"webhook\",\"events\":[\"run.maybe\"]}");
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("no event 'run.maybe'"), r.body());
            String viewer = t.userWith("vera");
            assertEquals(
                    403,
                    t.as(viewer, "GET", "/api/notifications/deliveries", null).statusCode());
        }
    }

    private static boolean ended(TestServer t, String runId) {
        try {
            String status = JSON.readTree(t.get("/api/runs/" + runId).body())
                    .path("status")
                    .asText();
            return !status.isEmpty() && !status.equalsIgnoreCase("running");
        } catch (Exception e) {
            return false;
        }
    }

    private static JsonNode deliveries(TestServer t) {
        try {
            return JSON.readTree(t.get("/api/notifications/deliveries").body()).path("deliveries");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

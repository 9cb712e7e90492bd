package dev.tejun.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.server.ServerConfig;
import dev.tejun.server.TejunServer;
import dev.tejun.server.fixtures.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alert rules' limits and quiet periods are kept in tejun.db: a new server on the same data folder still holds them. */
class SuppressionRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static String event(String alertname, String instance) {
        return """
                {"source":"test","status":"firing","labels":{"alertname":"%s","instance":"%s"}}""".formatted(alertname, instance);
    }

    private static JsonNode post(HttpClient http, String base, String token, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/events"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("events").get(0);
    }

    @Test
    void limitAndQuietPeriod_newServerOnSameData_stillSuppressed() throws Exception {
        String token;
        Path runbooks;
        Path data;
        try (TestServer ts = new TestServer(tmp)) {
            ts.write("ok.md", "```sh\necho fixed\n```\n");
            ts.write("fail.md", "```sh\nexit 1\n```\n");
            ts.write("rules/r.yaml", """
                    rules:
                      - name: limited
                        when: { labels.alertname: Limited }
                        run: ok.md
                        limit: { runs: 1, per: 1h, key: "${labels.instance}" }
                      - name: quiet
                        when: { labels.alertname: Flaky }
                        run: fail.md
                        quiet-after-failure: 1h
                    """);
            ts.activateRule("rules/r.yaml#limited");
            ts.activateRule("rules/r.yaml#quiet");
            token = ts.token;
            runbooks = ts.runbooks;
            data = ts.data;
            String base = ts.server.baseUrl();
            assertEquals(
                    "run",
                    post(ts.http, base, token, event("Limited", "web-1"))
                            .get("decision")
                            .asText());
            assertEquals(
                    "suppressed",
                    post(ts.http, base, token, event("Limited", "web-1"))
                            .get("decision")
                            .asText());
            assertEquals(
                    "run",
                    post(ts.http, base, token, event("Flaky", "db-1"))
                            .get("decision")
                            .asText());
            awaitQuiet(ts, base, token);
        }

        try (CmdbStore cmdb = new CmdbStore(TestDatabases.settings(data), Clock.systemUTC());
                TejunServer again = TejunServer.start(new ServerConfig(
                        ServerConfig.DEFAULT_HOST,
                        0,
                        runbooks,
                        data,
                        new ExecutorRegistry(List.of(new ShellExecutorFactory())),
                        null,
                        cmdb))) {
            HttpClient http = HttpClient.newHttpClient();
            JsonNode limited = post(http, again.baseUrl(), token, event("Limited", "web-1"));
            assertEquals("suppressed", limited.get("decision").asText(), limited.toString());
            assertTrue(limited.get("reason").asText().contains("limit of 1"), limited.toString());
            assertEquals(
                    "run",
                    post(http, again.baseUrl(), token, event("Limited", "web-2"))
                            .get("decision")
                            .asText());
            JsonNode flaky = post(http, again.baseUrl(), token, event("Flaky", "db-1"));
            assertEquals("suppressed", flaky.get("decision").asText(), flaky.toString());
            assertTrue(flaky.get("reason").asText().startsWith("quiet after a failure"), flaky.toString());
            http.shutdownNow();
        }
    }

    /** Waits (bounded) until the failed run has put its rule into the quiet period, as a dry run shows it. */
    private static void awaitQuiet(TestServer ts, String base, String token) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            HttpResponse<String> r = ts.post("/api/events/dry-run", event("Flaky", "db-1"));
            if (JSON.readTree(r.body())
                    .get("events")
                    .get(0)
                    .get("decision")
                    .asText()
                    .equals("suppressed")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the failed run did not make the rule quiet within 30 s");
    }
}

package dev.tejun.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.server.ServerConfig;
import dev.tejun.server.TejunServer;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert rule's run that a server stop cut short, or whose retry was still waiting, goes on in the next server on
 * the same data folder: the waiting retry is made, the cut-off attempt counts as failed and is not run again. Real
 * servers, real runs; the case of a server that died without recording the cut-off attempt is in the kernel's
 * {@code AlertDispatcherTest}.
 */
@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class EventRetryRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void retryWaitingWhenTheServerStopped_madeByTheNextServer_cutOffRunCountsAsFailed() throws Exception {
        Path fixed = tmp.resolve("fixed");
        Path napping = tmp.resolve("napping");
        String token;
        Path runbooks;
        Path data;
        long flakyId;
        long slowId;
        try (TestServer ts = new TestServer(tmp)) {
            ts.write(
                    "flaky.md",
                    "```sh\n[ -e '%s' ] || { echo 'not yet' >&2; exit 1; }\necho fixed\n```\n".formatted(fixed));
            ts.write("slow.md", "```sh\ntouch '%s'\nexec sleep 120\n```\n".formatted(napping));
            ts.write("rules/r.yaml", """
                    rules:
                      - name: retrying
                        when: { labels.alertname: Flaky }
                        run: flaky.md
                        retry: { times: 2, interval: 4s }
                      - name: once
                        when: { labels.alertname: Slow }
                        run: slow.md
                        quiet-after-failure: 1h
                    """);
            ts.activateRule("rules/r.yaml#retrying");
            ts.activateRule("rules/r.yaml#once");
            token = ts.token;
            runbooks = ts.runbooks;
            data = ts.data;
            flakyId = post(ts.http, ts.server.baseUrl(), token, "Flaky")
                    .get("eventId")
                    .asLong();
            slowId = post(ts.http, ts.server.baseUrl(), token, "Slow")
                    .get("eventId")
                    .asLong();
            await(
                    ts.http,
                    ts.server.baseUrl(),
                    token,
                    flakyId,
                    r -> r.path("attempts").asInt() == 1,
                    "the first attempt failed");
            Await.until(() -> Files.exists(napping), "the slow run started");
            // the server stops while the retry waits its 4 s and the slow run sleeps
        }
        Files.writeString(fixed, "");

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
            JsonNode flaky = await(
                    http,
                    again.baseUrl(),
                    token,
                    flakyId,
                    r -> "ok".equals(r.path("runStatus").asText()),
                    "the retry made by the new server");
            assertEquals(2, flaky.path("attempts").asInt(), flaky.toString());

            // Stopped by the closing server (or, had it died, marked failed by the new one): not run again.
            JsonNode slow = await(
                    http,
                    again.baseUrl(),
                    token,
                    slowId,
                    r -> r.path("attempts").asInt() == 1,
                    "the cut-off run recorded");
            assertTrue(slow.path("runStatus").asText().matches("failed|stopped"), slow.toString());
            JsonNode slowAgain = post(http, again.baseUrl(), token, "Slow");
            assertEquals("suppressed", slowAgain.get("decision").asText(), "a cut-off run is a failure: quiet period");
            http.shutdownNow();
        }
    }

    private static JsonNode post(HttpClient http, String base, String token, String alertname) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/events"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                        {"source":"test","status":"firing","labels":{"alertname":"%s"}}""".formatted(alertname)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("events").get(0);
    }

    private static JsonNode await(
            HttpClient http, String base, String token, long eventId, Predicate<JsonNode> done, String what)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = null;
        while (System.nanoTime() < end) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/events"))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            for (JsonNode row : JSON.readTree(r.body()).get("events")) {
                if (row.path("id").asLong() == eventId) {
                    last = row;
                    if (done.test(row)) {
                        return row;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; last row: " + last);
    }
}

package dev.tejun.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A not followed by B": a match that was waiting when the server stopped is decided by the next server on the same
 * data — run when no cancelling event came, suppressed when one did.
 */
class FollowedByRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static JsonNode post(TestServer ts, String alert, String host) throws Exception {
        HttpResponse<String> r = ts.post("/api/events", """
                {"source":"probe","status":"firing","labels":{"alertname":"%s","host":"%s"}}""".formatted(alert, host));
        assertEquals(202, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("events").get(0);
    }

    private static JsonNode event(TestServer ts, long id) {
        try {
            return JSON.readTree(ts.get("/api/events/" + id).body()).path("event");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void waiting_serverRestarted_nextServerRunsOrSuppressesIt() throws Exception {
        long n1;
        long n2;
        try (TestServer ts = new TestServer(tmp)) {
            ts.write("fence.md", """
                    ---
                    params:
                      host: { }
                    ---
                    ```sh
                    echo fencing ${params.host}
                    ```
                    """);
            ts.write("rules/f.yaml", """
                    rules:
                      - name: fence
                        when: { labels.alertname: NodeDown }
                        unless-followed-by: { when: { labels.alertname: NodeUp }, within: 5s, by: "${labels.host}" }
                        run: fence.md
                        params: { host: "${labels.host}" }
                    """);
            ts.activateRule("rules/f.yaml#fence");
            JsonNode first = post(ts, "NodeDown", "n1");
            assertEquals("waiting", first.get("decision").asText(), first.toString());
            n1 = first.get("eventId").asLong();
            n2 = post(ts, "NodeDown", "n2").get("eventId").asLong();
            post(ts, "NodeUp", "n1");
        } // stopped while both wait
        try (TestServer ts = new TestServer(tmp)) {
            Await.until(() -> event(ts, n2).path("decision").asText().equals("run"), "n2 run by the next server");
            Await.until(() -> event(ts, n2).path("runStatus").asText().equals("ok"), "n2's run ended ok");
            assertEquals(
                    "suppressed",
                    event(ts, n1).path("decision").asText(),
                    event(ts, n1).toString());
        }
    }
}

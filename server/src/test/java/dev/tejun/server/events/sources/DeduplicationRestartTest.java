package dev.tejun.server.events.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.testing.EventSamples;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zabbix re-sends a problem's message while it lasts (escalation steps); the open alert is kept in tejun.db, so even
 * a new server on the same data folder takes the repeat for a duplicate, and matches the recovery to the problem.
 */
class DeduplicationRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static JsonNode post(TestServer ts, String secret, String body) throws Exception {
        HttpResponse<String> r =
                ts.send("POST", "/api/events/in/zabbix", body, Map.of("Authorization", "Bearer " + secret));
        assertEquals(202, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("events").get(0);
    }

    @Test
    void problemResent_newServerOnSameData_duplicateAndRecoveryMatchedToTheProblem() throws Exception {
        String secret;
        long problem;
        try (TestServer ts = new TestServer(tmp)) {
            ts.write("ok.md", "```sh\necho fixed\n```\n");
            ts.write("rules/z.yaml", """
                    rules:
                      - name: agent
                        status: any
                        when: { labels.alertname: Zabbix agent is not available }
                        run: ok.md
                    """);
            ts.activateRule("rules/z.yaml#agent");
            HttpResponse<String> created = ts.post("/api/event-sources", "{\"name\":\"zabbix\",\"format\":\"zabbix\"}");
            secret = JSON.readTree(created.body()).get("secret").asText();
            JsonNode first = post(ts, secret, EventSamples.read("zabbix-problem.json"));
            assertEquals("run", first.get("decision").asText());
            problem = first.get("eventId").asLong();
        }
        try (TestServer ts = new TestServer(tmp)) {
            JsonNode again = post(ts, secret, EventSamples.read("zabbix-problem.json"));
            assertEquals("duplicate", again.get("decision").asText(), again.toString());

            JsonNode recovery = post(ts, secret, EventSamples.read("zabbix-recovery.json"));
            assertEquals("run", recovery.get("decision").asText());
            JsonNode row =
                    JSON.readTree(ts.get("/api/events").body()).get("events").get(0);
            assertEquals(recovery.get("eventId").asLong(), row.get("id").asLong());
            assertEquals("zabbix/zabbix-48211", row.get("fingerprint").asText());
            assertEquals(problem, row.get("relatedEvent").asLong());
        }
    }
}

package dev.tejun.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A correlating rule's window is kept in tejun.db: events before and after a restart count together. */
class CorrelationRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static JsonNode post(TestServer ts, String host) throws Exception {
        HttpResponse<String> r = ts.post("/api/events", """
                {"source":"probe","status":"firing","labels":{"alertname":"NodeDown","group":"rack-4","host":"%s"}}""".formatted(host));
        assertEquals(202, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("events").get(0);
    }

    @Test
    void window_newServerOnSameData_eventsBeforeTheRestartStillCount() throws Exception {
        try (TestServer ts = new TestServer(tmp)) {
            ts.write("evacuate.md", """
                    ---
                    params:
                      hosts: { }
                    ---
                    ```sh
                    echo ${params.hosts}
                    ```
                    """);
            ts.write("rules/c.yaml", """
                    rules:
                      - name: rack-down
                        when: { labels.alertname: NodeDown }
                        correlate: { count: 2, within: 10m, by: "${labels.group}", collect: "${labels.host}" }
                        run: evacuate.md
                        params: { hosts: "${fields.correlated}" }
                    """);
            ts.activateRule("rules/c.yaml#rack-down");
            JsonNode first = post(ts, "n1");
            assertEquals("correlating", first.get("decision").asText());
            assertEquals("1 of 2 events within PT10M", first.get("reason").asText());
        }
        try (TestServer ts = new TestServer(tmp)) {
            JsonNode second = post(ts, "n2");
            assertEquals("run", second.get("decision").asText(), second.toString());
            assertEquals("n1,n2", second.get("params").get("hosts").asText());
        }
    }
}

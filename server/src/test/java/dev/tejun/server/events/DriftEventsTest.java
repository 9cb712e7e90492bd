package dev.tejun.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.cmdb.CmdbSamples;
import dev.tejun.server.cmdb.DriftingPorts;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change detection: a scheduled run is the drift check; drift that appears becomes an event (source drift) that an
 * alert rule routes to a remediation runbook for the drifting host, with the expected and actual values.
 */
class DriftEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void scheduledCheck_driftAppears_ruleRunsTheRemediationForThatHostWithTheValues() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            CmdbSamples.fill(t.cmdb);
            DriftingPorts.observedSheet(t);
            t.write("fix.md", """
                    ---
                    params:
                      host: { }
                      want: { }
                      seen: { }
                    ---
                    ```sh
                    echo ${params.host} listens on ${params.seen}, not ${params.want}
                    ```
                    """);
            t.write("rules/drift.yaml", """
                    rules:
                      - name: put-back
                        when:
                          source: drift
                          labels.sheet: web
                          labels.columns: port
                        run: fix.md
                        params:
                          host: "${labels.host}"
                          want: "${fields.expected.port}"
                          seen: "${fields.actual.port}"
                    """);
            t.activateRule("rules/drift.yaml#put-back");
            DriftingPorts.web2Drifts(t);
            DriftingPorts.scheduleCheck(t);

            Await.until(
                    () -> JSON.readTree(t.get("/api/events?limit=10").body())
                            .path("events")
                            .findValuesAsText("runStatus")
                            .contains("ok"),
                    "the remediation run ended");
            JsonNode events =
                    JSON.readTree(t.get("/api/events?limit=10").body()).path("events");
            assertEquals(1, events.size(), "one event: web1 listens where expected; " + events);
            JsonNode e = events.get(0);
            assertEquals("drift", e.path("source").asText());
            assertEquals("CmdbDrift", e.path("labels").path("alertname").asText());
            assertEquals("rules/drift.yaml#put-back", e.path("rule").asText());
            String expected =
                    String.valueOf(t.cmdb.hostRow("web", "web2").orElseThrow().value("port"));
            assertEquals(
                    Map.of("host", "web2", "want", expected, "seen", "9999"),
                    JSON.convertValue(e.path("params"), Map.class),
                    e.toString());
            String output = t.get("/api/runs/" + e.path("runId").asText() + "/report.md")
                    .body();
            assertTrue(output.contains("web2 listens on 9999, not " + expected), output);
        }
    }
}

package dev.tejun.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A draft rule file is tried on the events in the ledger before anyone commits or activates it. */
class RuleReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Served
    private TestServer ts;

    private void post(String host) throws Exception {
        HttpResponse<String> r = ts.post("/api/events", """
                {"source":"probe","labels":{"alertname":"DiskFull","host":"%s"}}""".formatted(host));
        assertEquals(202, r.statusCode(), r.body());
    }

    private static String request(String rules) throws Exception {
        return JSON.createObjectNode()
                .put("name", "disk.yaml")
                .put("rules", rules)
                .put("days", 1)
                .toString();
    }

    @Test
    void replay_draftOnRecordedEvents_showsWhatWouldChangeAndRunsNothing() throws Exception {
        post("db-1");
        post("db-1");
        post("db-2");

        HttpResponse<String> r = ts.post("/api/rules/replay", request("""
                rules:
                  - name: clean
                    when: { labels.alertname: DiskFull }
                    run: clean.md
                    limit: { runs: 1, per: 1h, key: "${labels.host}" }
                """));

        assertEquals(200, r.statusCode(), r.body());
        assertEquals(
                java.util.List.of(),
                dev.tejun.server.apidoc.SchemaCheck.of(ts).answerProblems("POST", "/api/rules/replay", r));
        JsonNode report = JSON.readTree(r.body());
        assertEquals(3, report.get("events").asInt());
        assertEquals(3, report.get("was").get("no-match").asInt());
        // the second db-1 is held back by the limit
        assertEquals(2, report.get("would").get("run").asInt(), r.body());
        assertEquals(
                "rules/disk.yaml#clean",
                report.get("differences").get(0).get("wouldRule").asText());
        // nothing was run or recorded by the replay
        JsonNode ledger = JSON.readTree(ts.get("/api/events").body()).get("events");
        assertEquals(3, ledger.size());
        ledger.forEach(e -> assertEquals("no-match", e.get("decision").asText()));
    }

    @Test
    void replay_draftWithProblems_400WithEveryProblem() throws Exception {
        HttpResponse<String> r = ts.post("/api/rules/replay", request("""
                rules:
                  - name: a
                    when: { labels.x: { gt: lots } }
                    run: a.md
                  - name: b
                """));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("when.labels.x.gt must be a number"), r.body());
        assertTrue(r.body().contains("run: must name a runbook or flow"), r.body());
    }
}

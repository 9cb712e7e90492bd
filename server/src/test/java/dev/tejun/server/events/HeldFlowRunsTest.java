package dev.tejun.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.runs.HeadlessRuns;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow an alert rule starts holds no event worker while it waits at a hold point: with more flows held for an
 * approver than there are workers, an event for another rule still runs its runbook, and each held event's outcome
 * is recorded (with its flow instance) when its flow is approved and ends, also when the server restarted while the
 * flow waited.
 */
class HeldFlowRunsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLOW = "hold.flow.yaml";

    @TempDir
    Path tmp;

    private static void write(TestServer ts) throws Exception {
        ts.write(FLOW, """
                nodes:
                  - { id: gate, type: pause, message: "go on?", next: say }
                  - { id: say, type: runbook, runbook: say.md, next: end }
                  - { id: end, type: end }
                """);
        ts.write("say.md", "# Say\n\n```sh\necho approved\n```\n");
        ts.write("quick.md", "# Quick\n\n```sh\necho quick\n```\n");
        ts.write("rules/held.yaml", """
                rules:
                  - name: hold
                    when: { labels.alertname: Held }
                    run: hold.flow.yaml
                  - name: quick
                    when: { labels.alertname: Quick }
                    run: quick.md
                """);
        ts.activateRule("rules/held.yaml#hold");
        ts.activateRule("rules/held.yaml#quick");
    }

    private static long post(TestServer ts, String alert, String host) throws Exception {
        HttpResponse<String> r = ts.post("/api/events", """
                {"source":"probe","status":"firing","labels":{"alertname":"%s","host":"%s"}}""".formatted(alert, host));
        assertEquals(202, r.statusCode(), r.body());
        JsonNode e = JSON.readTree(r.body()).get("events").get(0);
        assertEquals("run", e.get("decision").asText(), e.toString());
        return e.get("eventId").asLong();
    }

    private static JsonNode event(TestServer ts, long id) {
        try {
            return JSON.readTree(ts.get("/api/events/" + id).body()).path("event");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode instance(TestServer ts, String id) throws Exception {
        return JSON.readTree(ts.get("/api/flow-instances/" + id).body());
    }

    /** The flow instance event {@code id} started, once it waits at its hold point. */
    private static String held(TestServer ts, long id) throws Exception {
        Await.until(
                () -> !event(ts, id).path("runId").asText().isEmpty()
                        && instance(ts, event(ts, id).path("runId").asText())
                                .path("status")
                                .asText()
                                .equalsIgnoreCase("paused"),
                "event " + id + "'s flow waiting at its hold point");
        JsonNode e = event(ts, id);
        assertTrue(e.path("runStatus").isNull() || e.path("runStatus").isMissingNode(), e.toString());
        return e.path("runId").asText();
    }

    private static long paused(TestServer ts) throws Exception {
        long n = 0;
        for (JsonNode fi :
                JSON.readTree(ts.get("/api/flow-instances?flow=" + FLOW).body())) {
            if (fi.path("status").asText().equalsIgnoreCase("paused")) {
                n++;
            }
        }
        return n;
    }

    private static void approve(TestServer ts, String instance) throws Exception {
        HttpResponse<String> r = ts.post(
                "/api/flow-instances/" + instance + "/approve",
                JSON.writeValueAsString(Map.of("nodeId", "gate", "comment", "go")));
        assertEquals(200, r.statusCode(), r.body());
    }

    private static void endedOk(TestServer ts, long id, String instance) throws Exception {
        Await.until(() -> event(ts, id).path("runStatus").asText().equals("ok"), "event " + id + " recorded ok");
        assertEquals(instance, event(ts, id).path("runId").asText());
        assertEquals("ok", instance(ts, instance).path("status").asText().toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void moreHeldFlowsThanWorkers_anotherRuleStillRuns_eachHeldOutcomeRecordedWhenApproved() throws Exception {
        try (TestServer ts = new TestServer(tmp)) {
            write(ts);
            List<Long> events = new ArrayList<>();
            List<String> instances = new ArrayList<>();
            for (int i = 0; i <= HeadlessRuns.WORKERS; i++) {
                events.add(post(ts, "Held", "h" + i));
            }
            // each event started its flow, more than there are event workers, all waiting for an approver
            Await.until(
                    () -> paused(ts) == HeadlessRuns.WORKERS + 1,
                    (HeadlessRuns.WORKERS + 1) + " flows waiting at their hold point");
            for (long id : events) {
                instances.add(held(ts, id));
            }
            assertEquals(HeadlessRuns.WORKERS + 1, instances.stream().distinct().count());

            long quick = post(ts, "Quick", "q");
            Await.until(
                    () -> event(ts, quick).path("runStatus").asText().equals("ok"),
                    "the other rule's runbook ran while " + instances.size() + " flows wait");
            for (String instance : instances) {
                assertEquals(
                        "paused", instance(ts, instance).path("status").asText().toLowerCase(java.util.Locale.ROOT));
            }

            for (int i = 0; i < events.size(); i++) {
                assertFalse(event(ts, events.get(i)).path("runStatus").asText().equals("ok"));
                approve(ts, instances.get(i));
                endedOk(ts, events.get(i), instances.get(i));
            }
        }
    }

    @Test
    void flowHeldWhenTheServerRestarts_nextServerRecordsItsOutcomeWhenApproved() throws Exception {
        long id;
        String instance;
        try (TestServer ts = new TestServer(tmp)) {
            write(ts);
            id = post(ts, "Held", "r1");
            instance = held(ts, id);
        } // stopped while the flow waits for its approver
        try (TestServer ts = new TestServer(tmp)) {
            assertEquals(instance, held(ts, id), "the same instance, not a new run");
            approve(ts, instance);
            endedOk(ts, id, instance);
            assertEquals(
                    1, event(ts, id).path("attempts").asInt(), event(ts, id).toString());
        }
    }
}

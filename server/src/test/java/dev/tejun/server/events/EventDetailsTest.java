package dev.tejun.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/events/{id}}: one event with what came in, what was decided, its window, links and acknowledgement. */
class EventDetailsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Served
    private TestServer ts;

    @BeforeEach
    void start() throws Exception {
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
                    correlate: { count: 3, within: 10m, by: "${labels.group}", collect: "${labels.host}" }
                    run: evacuate.md
                    params: { hosts: "${fields.correlated}" }
                """);
        ts.activateRule("rules/c.yaml#rack-down");
    }

    private long post(String body) throws Exception {
        HttpResponse<String> r = ts.post("/api/events", body);
        assertEquals(202, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("events").get(0).get("eventId").asLong();
    }

    private JsonNode detail(long id) throws Exception {
        HttpResponse<String> r = ts.get("/api/events/" + id);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void get_correlatingEvent_showsDecisionAnnotationsAndTheWindowSoFar() throws Exception {
        post("""
                {"source":"probe","labels":{"alertname":"NodeDown","group":"rack-4","host":"n1"}}""");
        long second = post("""
                {"source":"probe","labels":{"alertname":"NodeDown","group":"rack-4","host":"n2"},
                 "annotations":{"summary":"n2 stopped answering"}}""");

        JsonNode d = detail(second);

        assertEquals(second, d.get("event").get("id").asLong());
        assertEquals("correlating", d.get("event").get("decision").asText(), d.toString());
        assertEquals("rules/c.yaml#rack-down", d.get("event").get("rule").asText());
        assertEquals("n2 stopped answering", d.get("annotations").get("summary").asText());
        assertEquals(2, d.get("correlation").size(), d.toString());
        assertEquals("n1", d.get("correlation").get(0).get("value").asText());
        assertEquals("n2", d.get("correlation").get(1).get("value").asText());
        assertTrue(d.get("handled").isNull(), d.toString());
    }

    @Test
    void get_acknowledgedUnknownEvent_showsWhoAndWhy() throws Exception {
        long unknown = post("""
                {"source":"probe","labels":{"alertname":"Strange"}}""");
        assertEquals(
                204,
                ts.post("/api/events/" + unknown + "/acknowledge", "{\"note\":\"flapping\"}")
                        .statusCode());

        JsonNode d = detail(unknown);

        assertEquals("no-match", d.get("event").get("decision").asText());
        assertEquals("flapping", d.get("handled").get("note").asText(), d.toString());
        assertTrue(!d.get("handled").get("by").asText().isEmpty(), d.toString());
    }

    @Test
    void get_resolvedEvent_linksTheFiringEventItClosed() throws Exception {
        long firing = post("""
                {"source":"probe","status":"firing","fingerprint":"fp-7","labels":{"alertname":"Strange"}}""");
        long resolved = post("""
                {"source":"probe","status":"resolved","fingerprint":"fp-7","labels":{"alertname":"Strange"}}""");

        JsonNode d = detail(resolved);

        assertEquals(firing, d.get("event").get("relatedEvent").asLong(), d.toString());
        assertEquals(1, d.get("related").size(), d.toString());
        assertEquals(firing, d.get("related").get(0).get("id").asLong());
        assertEquals(resolved, detail(firing).get("related").get(0).get("id").asLong());
    }

    @Test
    void get_unknownOrNonNumericId_404And400() throws Exception {
        assertEquals(404, ts.get("/api/events/987654").statusCode());
        assertEquals(400, ts.get("/api/events/abc").statusCode());
        assertEquals(200, ts.get("/api/events/unhandled").statusCode());
    }
}

package dev.tejun.server.events.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.testing.EventSamples;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each source posts to its own endpoint with its own credential: bearer, HTTP basic or an HMAC signature. */
class SourceEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Served
    private TestServer ts;

    /** Creates a source as the admin; answers the secret it was given. */
    private String source(String json) throws Exception {
        HttpResponse<String> r = ts.post("/api/event-sources", json);
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("secret").asText();
    }

    private HttpResponse<String> postIn(String name, String body, Map<String, String> headers) throws Exception {
        return ts.send("POST", "/api/events/in/" + name, body, headers);
    }

    private JsonNode events(HttpResponse<String> r) throws Exception {
        assertEquals(202, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("events");
    }

    @Test
    void POST_events_grafanaWebhook_acceptedNotRefused() throws Exception {
        HttpResponse<String> r = ts.post("/api/events", EventSamples.read("grafana-v1.json"));

        JsonNode events = events(r);
        assertEquals(2, events.size());
        assertEquals("db-7", events.get(0).get("labels").get("host").asText());
        assertEquals("no-match", events.get(0).get("decision").asText());
    }

    @Test
    void bearerSource_rightToken202_missingOrWrongToken401AndAudited() throws Exception {
        String secret = source("{\"name\":\"grafana\",\"format\":\"grafana\",\"auth\":\"bearer\"}");
        String body = EventSamples.read("grafana-v1.json");

        JsonNode events = events(postIn("grafana", body, Map.of("Authorization", "Bearer " + secret)));
        assertEquals(
                "grafana",
                JSON.readTree(ts.get("/api/events").body())
                        .get("events")
                        .get(0)
                        .get("source")
                        .asText());
        assertEquals(2, events.size());
        assertEquals(401, postIn("grafana", body, Map.of()).statusCode());
        assertEquals(
                401,
                postIn("grafana", body, Map.of("Authorization", "Bearer " + secret + "x"))
                        .statusCode());
        // a user's API token is not the source's credential
        assertEquals(
                401,
                postIn("grafana", body, Map.of("Authorization", "Bearer " + ts.token))
                        .statusCode());
        // nor does a source that does not exist answer differently
        assertEquals(
                401,
                postIn("nagios", body, Map.of("Authorization", "Bearer " + secret))
                        .statusCode());
        String audit = ts.get("/api/audit?limit=20").body();
        assertTrue(audit.contains("wrong token"), audit);
        assertTrue(audit.contains("no such source"), audit);
    }

    @Test
    void deletedSource_refusedAtOnce_recreatedOneTakesOnlyItsNewSecret() throws Exception {
        String old = source("{\"name\":\"am\",\"format\":\"alertmanager\",\"auth\":\"bearer\"}");
        String body = EventSamples.read("grafana-v1.json");
        events(postIn("am", body, Map.of("Authorization", "Bearer " + old))); // the server now knows the source

        HttpResponse<String> deleted = ts.as(ts.token, "DELETE", "/api/event-sources/am", null);
        assertEquals(2, deleted.statusCode() / 100, deleted.body());
        assertEquals(
                401,
                postIn("am", body, Map.of("Authorization", "Bearer " + old)).statusCode());
        String fresh = source("{\"name\":\"am\",\"format\":\"alertmanager\",\"auth\":\"bearer\"}");
        assertEquals(
                401,
                postIn("am", body, Map.of("Authorization", "Bearer " + old)).statusCode());
        events(postIn("am", body, Map.of("Authorization", "Bearer " + fresh)));
    }

    @Test
    void basicSource_alertmanagersBasicAuth202_wrongPassword401WithChallenge() throws Exception {
        String secret = source("""
                {"name":"am","format":"alertmanager","auth":"basic","username":"alertmanager"}""");
        String body = """
                {"version":"4","status":"firing","receiver":"tejun","groupKey":"g","alerts":[
                 {"status":"firing","labels":{"alertname":"NodeDown","instance":"n1"},"annotations":{},
                  "startsAt":"2026-11-30T00:00:00Z","fingerprint":"f1"}]}""";
        String good = Base64.getEncoder().encodeToString(("alertmanager:" + secret).getBytes(StandardCharsets.UTF_8));
        String bad = Base64.getEncoder().encodeToString("alertmanager:guess".getBytes(StandardCharsets.UTF_8));

        assertEquals(
                1,
                events(postIn("am", body, Map.of("Authorization", "Basic " + good)))
                        .size());
        HttpResponse<String> refused = postIn("am", body, Map.of("Authorization", "Basic " + bad));
        assertEquals(401, refused.statusCode());
        assertEquals(
                "Basic realm=\"tejun events\"",
                refused.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void hmacSource_signedBody202_badOrOldSignature401() throws Exception {
        String secret = source("""
                {"name":"checks","format":"json","auth":"hmac",
                 "mapping":{"name":"/check","host":"/node","status":"/state","fingerprint":"/id"}}""");
        String body = "{\"check\":\"HTTP\",\"node\":\"web-1\",\"state\":\"down\",\"id\":\"c-1\"}";
        String now = String.valueOf(Instant.now().getEpochSecond());
        String old = String.valueOf(Instant.now().minusSeconds(3600).getEpochSecond());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        JsonNode events = events(postIn(
                "checks",
                body,
                Map.of(Credentials.TIMESTAMP, now, Credentials.SIGNATURE, Credentials.sign(secret, now, bytes))));
        assertEquals("web-1", events.get(0).get("labels").get("host").asText());
        assertEquals(
                401,
                postIn(
                                "checks",
                                body,
                                Map.of(
                                        Credentials.TIMESTAMP,
                                        now,
                                        Credentials.SIGNATURE,
                                        Credentials.sign("guess", now, bytes)))
                        .statusCode());
        assertEquals(
                401,
                postIn(
                                "checks",
                                body.replace("web-1", "web-2"),
                                Map.of(
                                        Credentials.TIMESTAMP,
                                        now,
                                        Credentials.SIGNATURE,
                                        Credentials.sign(secret, now, bytes)))
                        .statusCode());
        assertEquals(
                401,
                postIn(
                                "checks",
                                body,
                                Map.of(
                                        Credentials.TIMESTAMP,
                                        old,
                                        Credentials.SIGNATURE,
                                        Credentials.sign(secret, old, bytes)))
                        .statusCode());
    }

    @Test
    void cloudEventsSource_binaryMode_attributesFromHeaders() throws Exception {
        String secret = source("{\"name\":\"ce\",\"format\":\"cloudevents\"}");
        JsonNode events = events(postIn(
                "ce",
                "{\"host\":\"node-12\"}",
                Map.of(
                        "Authorization", "Bearer " + secret,
                        "ce-specversion", "1.0",
                        "ce-id", "7",
                        "ce-source", "//probe",
                        "ce-type", "host.down")));
        assertEquals("host.down", events.get(0).get("labels").get("type").asText());
    }

    @Test
    void create_badDefinitions_400NamingEveryProblemAndNothingKept() throws Exception {
        HttpResponse<String> r = ts.post("/api/event-sources", """
                {"name":"Bad Name","format":"json","mapping":{"host":"node"},"auth":"basic","key":["labels"]}""");
        assertEquals(400, r.statusCode());
        for (String problem :
                new String[] {"name must be", "mapping.host 'node'", "needs a username", "key: 'labels'"}) {
            assertTrue(r.body().contains(problem), problem + " in " + r.body());
        }
        assertEquals(
                "[]",
                JSON.readTree(ts.get("/api/event-sources").body())
                        .get("sources")
                        .toString());
        HttpResponse<String> malformed = postIn("x", "{", Map.of());
        assertEquals(401, malformed.statusCode());
    }

    @Test
    void POST_in_malformedBodyFromAnAuthenticSource_400WithTheReason() throws Exception {
        String secret = source("{\"name\":\"zbx\",\"format\":\"zabbix\"}");
        HttpResponse<String> r = postIn(
                "zbx", "{\"event_name\":\"x\",\"event_value\":\"1\"}", Map.of("Authorization", "Bearer " + secret));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("event_id is missing"), r.body());
    }
}

package dev.tejun.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recovery sample shipped in runbooks/ (rules/recovery.yaml and recovery/host-down.md), end to end on loopback:
 * a HostDown alert for a host whose two probed ports are closed is confirmed and fenced; one whose SSH port still
 * answers is not fenced; an alert from a source the rule list is not routed for does nothing.
 */
class RecoverySampleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of("..", "runbooks");

    @Served
    private TestServer ts;

    @BeforeEach
    void start() throws Exception {
        for (String f : new String[] {"rules/recovery.yaml", "recovery/host-down.md"}) {
            ts.write(f, Files.readString(SAMPLES.resolve(f)));
        }
        ts.activateRule("rules/recovery.yaml#host-down");
    }

    /** A port nothing listens on (taken, then given back). */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private JsonNode alert(String source, String host, int port, int servicePort) throws Exception {
        HttpResponse<String> r = ts.post("/api/events", """
                {"source":"%s","status":"firing","labels":{"alertname":"HostDown","host":"%s","port":"%d",
                 "service_port":"%d"}}""".formatted(source, host, port, servicePort));
        assertEquals(202, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("events").get(0);
    }

    /** The event's finished ledger row and its run's output. */
    private String[] finished(JsonNode event) throws Exception {
        long id = event.get("eventId").asLong();
        JsonNode[] row = new JsonNode[1];
        Await.until(
                () -> {
                    for (JsonNode e :
                            JSON.readTree(ts.get("/api/events").body()).get("events")) {
                        if (e.get("id").asLong() == id && !e.get("runStatus").isNull()) {
                            row[0] = e;
                            return true;
                        }
                    }
                    return false;
                },
                "the run of event " + id);
        String runId = row[0].get("runId").asText();
        return new String[] {
            row[0].get("runStatus").asText(),
            ts.get("/api/runs/" + runId + "/events").body()
        };
    }

    @Test
    void hostDown_bothProbesUnanswered_confirmedAndFenced() throws Exception {
        JsonNode e = alert("monitoring", "127.0.0.1", closedPort(), closedPort());
        assertEquals("run", e.get("decision").asText(), e.toString());

        String[] done = finished(e);
        assertEquals("ok", done[0], done[1]);
        assertTrue(done[1].contains("CONFIRMED DOWN: 127.0.0.1"), done[1]);
        assertTrue(done[1].contains("FENCED 127.0.0.1"), done[1]);
    }

    @Test
    void hostDown_sshStillAnswers_notFencedRunFails() throws Exception {
        try (ServerSocket ssh = new ServerSocket(0)) {
            JsonNode e = alert("monitoring", "localhost", ssh.getLocalPort(), closedPort());

            String[] done = finished(e);
            assertEquals("failed", done[0], done[1]);
            assertTrue(done[1].contains("NOT DOWN: localhost still answers"), done[1]);
            assertFalse(done[1].contains("FENCED"), done[1]);
        }
    }

    @Test
    void hostDown_fromASourceNotRouted_noMatch() throws Exception {
        assertEquals(
                "no-match",
                alert("nagios", "127.0.0.1", closedPort(), closedPort())
                        .get("decision")
                        .asText());
    }
}

package dev.tejun.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.AcrossTwoServers;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one PostgreSQL database: a run going on in server A is stopped through server B, which holds no
 * such run itself. A real {@code sleep} in a real shell.
 */
class StopAcrossServersTest extends AcrossTwoServers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String status(TestServer server, String runId) throws Exception {
        for (JsonNode r : JSON.readTree(server.get("/api/runs").body())) {
            if (r.path("runId").asText().equals(runId)) {
                return r.path("status").asText();
            }
        }
        return "";
    }

    @Test
    void stop_throughB_ofARunGoingOnInA_stopsItAndIsAudited() throws Exception {
        a.write("nap.md", """
                # Nap

                ```sh {#nap}
                exec sleep 120
                ```
                """);
        HttpResponse<String> started = a.post("/api/runs", "{\"runbook\":\"nap.md\"}");
        assertEquals(201, started.statusCode(), started.body());
        String runId = JSON.readTree(started.body()).path("runId").asText();
        Await.until(() -> status(b, runId).equals("RUNNING"), "B sees the run of A running");

        // A's first sign of life for the run may come up to one poll (500 ms) after its row says running
        AtomicReference<HttpResponse<String>> stop = new AtomicReference<>();
        Await.until(
                () -> {
                    stop.set(b.post("/api/runs/" + runId + "/stop", ""));
                    return stop.get().statusCode() != 409 || !stop.get().body().contains("held by no live process");
                },
                "A says it holds the run");
        assertEquals(202, stop.get().statusCode(), stop.get().body());

        Await.until(() -> status(a, runId).equals("STOPPED"), "the run stopped in A");
        String audit = b.get("/api/audit?action=execution.stop").body();
        assertTrue(audit.contains(runId), audit);
    }
}

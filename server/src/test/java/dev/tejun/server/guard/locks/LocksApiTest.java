package dev.tejun.server.guard.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs started over REST holding a resource lock: the second queues with its place shown, or is refused. */
class LocksApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Served
    private TestServer ts;

    private final java.util.Map<String, String> statuses = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        ts.write(
                "hold.md",
                "---\nparams:\n  db: { default: main }\nlocks: [\"db:${params.db}\"]\n---\n" + "```sh\nsleep 2\n```\n");
        ts.write("refuse.md", "---\nlocks: [db:main]\nlock-policy: refuse\n---\n```sh\necho never\n```\n");
    }

    private String start(String runbook) throws Exception {
        var r = ts.post("/api/runs", "{\"runbook\":\"" + runbook + "\"}");
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("runId").asText();
    }

    /** The run's last event, once it ended (long-polls); its final status is {@link #status}. */
    private JsonNode finished(String runId) throws Exception {
        long since = 0;
        JsonNode last = null;
        for (int i = 0; i < 30; i++) {
            JsonNode page = JSON.readTree(ts.get("/api/runs/" + runId + "/events?since=" + since + "&wait=5")
                    .body());
            for (JsonNode e : page.path("events")) {
                last = e;
            }
            since = page.path("lastSeq").asLong();
            if (page.path("finished").asBoolean()) {
                statuses.put(runId, page.path("status").asText());
                return last;
            }
        }
        throw new AssertionError("run " + runId + " did not end");
    }

    private JsonNode locks(String runId) throws Exception {
        return JSON.readTree(ts.get("/api/locks?run=" + runId).body());
    }

    @Test
    void startRun_lockHeld_queuesWithPositionThenRuns() throws Exception {
        String first = start("hold.md");
        for (int i = 0; i < 100 && locks(first).path("held").isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertEquals("db:main", locks(first).path("held").get(0).path("lock").asText());
        String second = start("hold.md");
        JsonNode waiting = null;
        for (int i = 0; i < 100; i++) {
            waiting = locks(second).path("waiting");
            if (!waiting.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals(1, waiting.get(0).path("position").asInt(), waiting.toString());
        finished(first);
        finished(second);
        assertEquals("ok", statuses.get(first));
        assertEquals("ok", statuses.get(second), "the second ran once the first let go");
    }

    @Test
    void startRun_refusePolicyWhileHeld_failsWithClearError() throws Exception {
        String first = start("hold.md");
        for (int i = 0; i < 100 && locks(first).path("held").isEmpty(); i++) {
            Thread.sleep(50);
        }
        String refused = start("refuse.md");
        JsonNode end = finished(refused);
        assertTrue(end.toString().contains("refused: lock db:main (run " + first + ") is held"), end.toString());
    }

    @Test
    void startRun_noWaitWhileHeld_409NamingHolderAndNoRun() throws Exception {
        String first = start("hold.md");
        for (int i = 0; i < 100 && locks(first).path("held").isEmpty(); i++) {
            Thread.sleep(50);
        }
        var r = ts.post("/api/runs", "{\"runbook\":\"hold.md\",\"wait\":false}");
        assertEquals(409, r.statusCode(), r.body());
        assertTrue(r.body().contains("db:main (run " + first + ")"), r.body());
        assertTrue(
                JSON.readTree(ts.get("/api/locks").body()).path("waiting").isEmpty(),
                "the refused start did not queue");
        finished(first);
        var free = ts.post("/api/runs", "{\"runbook\":\"hold.md\",\"wait\":false}");
        assertEquals(201, free.statusCode(), "free again: a no-wait start runs " + free.body());
        finished(JSON.readTree(free.body()).path("runId").asText());
    }
}

package dev.tejun.server.flows;

import static dev.tejun.server.flows.FlowApiSupport.json;
import static dev.tejun.server.flows.FlowApiSupport.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL database: a flow instance driven by server A is approved, and another one stopped in
 * an emergency, through server B, which only reads them.
 */
class ApprovalAcrossServersTest {

    @TempDir
    Path temp;

    TestServer a;
    TestServer b;

    @BeforeEach
    void start() throws Exception {
        DatabaseSettings shared = TestDatabases.postgresql(temp.resolve("a/data"));
        a = new TestServer(temp.resolve("a"), shared, c -> c);
        b = new TestServer(temp.resolve("b"), shared, c -> c);
        a.write("say.md", "# Say\n\n```sh {#s}\necho said\n```\n");
        a.write("slow.md", "# Slow\n\n```sh {#a}\nsleep 60\n```\n");
        a.write("hold.flow.yaml", """
                nodes:
                  - { id: gate, type: pause, message: "go on?", next: say }
                  - { id: say, type: runbook, runbook: say.md, next: end }
                  - { id: end, type: end }
                """);
        a.write("slow.flow.yaml", """
                nodes:
                  - { id: wait, type: runbook, runbook: slow.md, next: end }
                  - { id: end, type: end }
                """);
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
    }

    private String startOnA(String flow) throws Exception {
        return json(a.post("/api/flows/" + flow + "/start", ""), 201).get("id").asText();
    }

    @Test
    void approve_throughB_ofAPauseInA_flowGoesOnInA() throws Exception {
        String id = startOnA("hold.flow.yaml");
        until(b, id, fi -> fi.get("status").asText().equals("paused"), "paused, as B reads it");

        HttpResponse<String> approved =
                b.post("/api/flow-instances/" + id + "/approve", "{\"nodeId\":\"gate\",\"comment\":\"from B\"}");
        assertEquals(202, approved.statusCode(), approved.body());

        until(a, id, fi -> fi.get("status").asText().equals("ok"), "ok in A, which drives it");
        until(b, id, fi -> fi.get("status").asText().equals("ok"), "ok as B reads it");
        String history = a.get("/api/flow-instances/" + id).body();
        assertTrue(history.contains("from B"), "the approver's comment is in the instance: " + history);
    }

    @Test
    void emergencyStop_throughB_ofARunningFlowInA_stopsIt() throws Exception {
        String id = startOnA("slow.flow.yaml");
        until(b, id, fi -> fi.get("status").asText().equals("running"), "running, as B reads it");

        HttpResponse<String> stop = b.post("/api/flow-instances/" + id + "/emergency-stop", "");
        assertEquals(202, stop.statusCode(), stop.body());

        until(a, id, fi -> fi.get("status").asText().equals("stopped"), "stopped in A");
    }
}

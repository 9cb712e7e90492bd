package dev.tejun.server.flows;

import static dev.tejun.server.flows.FlowApiSupport.json;
import static dev.tejun.server.flows.FlowApiSupport.node;
import static dev.tejun.server.flows.FlowApiSupport.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow's runbook nodes are runs like any other: listed running in the run index while they run, stoppable by run
 * id ({@code tejun runs stop}), recorded at their end and audited. Real server, real {@code sleep}.
 */
@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class FlowNodeRunsTest {

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    private Path pidFile;

    @BeforeEach
    void start() throws Exception {
        ts = new TestServer(tmp);
        pidFile = tmp.resolve("pid");
        ts.write("nap.md", """
                # Nap

                ```sh {#nap}
                echo $$ > '%s'
                exec sleep 120
                ```
                """.formatted(pidFile));
        ts.write("nap.flow.yaml", """
                nodes:
                  - { id: nap, type: runbook, runbook: nap.md, next: end }
                  - { id: end, type: end }
                """);
    }

    @Test
    void runbookNode_listedRunningStoppableByRunIdThenRecordedAndAudited() throws Exception {
        String instance = json(ts.post("/api/flows/nap.flow.yaml/start", ""), 201)
                .get("id")
                .asText();
        String runId = until(
                        ts,
                        instance,
                        fi -> node(fi, "nap").get("status").asText().equals("running")
                                && !node(fi, "nap").path("runId").asText().isEmpty(),
                        "the node running")
                .path("nodes")
                .get(0)
                .get("runId")
                .asText();
        long pid = awaitPid();

        JsonNode row = awaitRow(runId, "RUNNING");
        assertEquals("nap.md", row.path("runbook").asText(), row.toString());

        var stop = ts.post("/api/runs/" + runId + "/stop", "");
        assertTrue(stop.statusCode() / 100 == 2, stop.statusCode() + " " + stop.body());

        Await.until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the node's sleep ended");
        JsonNode ended =
                until(ts, instance, fi -> fi.get("status").asText().matches("stopped|failed"), "the flow ended");
        assertEquals("stopped", node(ended, "nap").get("status").asText(), ended.toString());
        assertEquals("STOPPED", awaitRow(runId, "STOPPED").path("status").asText());

        JsonNode starts = json(ts.get("/api/audit?action=execution.start&limit=100"), 200);
        JsonNode start = entryFor(starts, runId);
        assertNotNull(start, starts.toString());
        assertEquals("flow", start.get("iface").asText(), start.toString());
        assertEquals("nap.md", start.get("target").asText(), start.toString());
        JsonNode ends = json(ts.get("/api/audit?action=execution.end&limit=100"), 200);
        assertNotNull(entryFor(ends, runId), ends.toString());
    }

    private static JsonNode entryFor(JsonNode entries, String runId) {
        for (JsonNode e : entries) {
            if (e.toString().contains(runId)) {
                return e;
            }
        }
        return null;
    }

    private JsonNode awaitRow(String runId, String status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode r : json(ts.get("/api/runs"), 200)) {
                if (r.path("runId").asText().equals(runId)) {
                    last = r;
                    if (status.equals(r.path("status").asText())) {
                        return r;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + runId + " never " + status + " in the run index; last row: " + last);
    }

    private long awaitPid() throws Exception {
        Await.until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank(), "the node wrote its pid");
        return Long.parseLong(Files.readString(pidFile).strip());
    }
}

package dev.tejun.server.flows;

import static dev.tejun.server.flows.FlowApiSupport.json;
import static dev.tejun.server.flows.FlowApiSupport.node;
import static dev.tejun.server.flows.FlowApiSupport.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server restart with flows under way: one runbook node running a real {@code sleep}, one instance paused. The
 * server is closed and a new one started over the same runbooks and data folders.
 */
@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class FlowRestartApiTest {

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    private Path marks;

    @BeforeEach
    void start() throws Exception {
        ts = new TestServer(tmp);
        marks = Files.createDirectories(tmp.resolve("marks"));
        // the first run records its shell's pid and sleeps; a run after that (the resume) ends at once
        ts.write("long.md", """
                # Long

                ```sh {#work}
                if [ -e '%1$s/first' ]; then echo "second run"; else echo $$ > '%1$s/first'; exec sleep 120; fi
                ```
                """.formatted(marks));
        ts.write("say.md", "# Say\n\n```sh {#a}\necho said\n```\n");
        ts.write("long.flow.yaml", """
                nodes:
                  - { id: work, type: runbook, runbook: long.md, next: end }
                  - { id: end, type: end }
                """);
        ts.write("hold.flow.yaml", """
                nodes:
                  - { id: gate, type: pause, message: "go on?", next: say }
                  - { id: say, type: runbook, runbook: say.md, next: end }
                  - { id: end, type: end }
                """);
    }

    private String startFlow(String name) throws Exception {
        return json(ts.post("/api/flows/" + name + "/start", ""), 201).get("id").asText();
    }

    @Test
    void restart_runningNodeIsInterruptedAndResumable_pausedNodeStaysPausedAndApprovable() throws Exception {
        String running = startFlow("long.flow.yaml");
        String paused = startFlow("hold.flow.yaml");
        until(ts, paused, fi -> fi.get("status").asText().equals("paused"), "paused");
        String firstRun = until(
                        ts,
                        running,
                        fi -> node(fi, "work").get("status").asText().equals("running")
                                && Files.exists(marks.resolve("first")),
                        "its sleep running")
                .path("nodes")
                .get(0)
                .get("runId")
                .asText();
        long pid = Long.parseLong(waitForPid());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the sleep runs");

        ts.close();
        assertFalse(
                ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "the node's process ended with the server");
        ts = new TestServer(tmp);

        JsonNode fi = json(ts.get("/api/flow-instances/" + running), 200);
        assertEquals("interrupted", fi.get("status").asText(), fi.toString());
        assertEquals("interrupted", node(fi, "work").get("status").asText(), fi.toString());
        Set<String> attention = new HashSet<>();
        json(ts.get("/api/flow-instances?status=paused,interrupted"), 200)
                .forEach(i -> attention.add(i.get("id").asText()));
        assertEquals(Set.of(running, paused), attention, "both need someone");
        JsonNode audited = json(ts.get("/api/audit?action=flow.node.interrupted&limit=100"), 200);
        assertEquals(1, audited.size(), audited.toString());
        assertEquals(
                "flow:long.flow.yaml instance:" + running + " node:work",
                audited.get(0).get("target").asText());
        assertEquals("interrupted", audited.get(0).get("outcome").asText());

        JsonNode resumed = json(ts.post("/api/flow-instances/" + running + "/resume", ""), 200);
        assertNotEquals("interrupted", resumed.get("status").asText());
        JsonNode done = until(ts, running, i -> i.get("status").asText().equals("ok"), "ok after resume");
        assertEquals("ok", node(done, "work").get("status").asText());
        assertNotEquals(firstRun, node(done, "work").get("runId").asText(), "the node ran again");
        assertEquals(
                409, ts.post("/api/flow-instances/" + running + "/resume", "").statusCode(), "nothing left to resume");

        JsonNode still = json(ts.get("/api/flow-instances/" + paused), 200);
        assertEquals("paused", still.get("status").asText(), still.toString());
        assertEquals("paused", node(still, "gate").get("status").asText());
        json(
                ts.post(
                        "/api/flow-instances/" + paused + "/approve",
                        "{\"nodeId\":\"gate\",\"comment\":\"after restart\"}"),
                200);
        JsonNode approved = until(ts, paused, i -> i.get("status").asText().equals("ok"), "ok after approval");
        assertEquals("after restart", node(approved, "gate").get("comment").asText());
        assertEquals("ok", node(approved, "say").get("status").asText());
    }

    private String waitForPid() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(marks.resolve("first")).strip();
            if (!text.isEmpty()) {
                return text;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the runbook never wrote its pid");
    }
}

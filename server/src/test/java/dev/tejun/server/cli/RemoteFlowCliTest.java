package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.flow.HeadlessFlowRun;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun run --server URL X.flow.yaml}: the flow runs on a real server and the CLI follows its instance. */
class RemoteFlowCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    private CliAgainstServer cli;

    @BeforeEach
    void start() throws Exception {
        ts = new TestServer(tmp);
        cli = new CliAgainstServer(ts, tmp.resolve("home"));
        ts.write("flows/first.md", """
                ---
                params:
                  word: { default: none }
                ---
                ```sh {#say}
                echo "first ${params.word}"
                ```
                """);
        ts.write("flows/second.md", "```sh {#say}\necho second\n```\n");
        ts.write("flows/fails.md", "```sh {#boom}\nexit 5\n```\n");
        ts.write("flows/two.flow.yaml", """
                title: Two
                params:
                  word: { default: hello }
                nodes:
                  - { id: one, type: runbook, runbook: flows/first.md, params: { word: "${params.word}" }, next: two }
                  - { id: two, type: runbook, runbook: flows/second.md, next: done }
                  - { id: done, type: end }
                """);
        ts.write("flows/hold.flow.yaml", """
                title: Hold
                nodes:
                  - { id: one, type: runbook, runbook: flows/first.md, next: gate }
                  - { id: gate, type: pause, message: "Go on?", next: two }
                  - { id: two, type: runbook, runbook: flows/second.md, next: done }
                  - { id: done, type: end }
                """);
        ts.write("flows/bad.flow.yaml", """
                title: Bad
                nodes:
                  - { id: one, type: runbook, runbook: flows/fails.md, next: done }
                  - { id: done, type: end }
                """);
    }

    private int tejun(String... words) throws Exception {
        return cli.run(words);
    }

    private String out() {
        return cli.out();
    }

    private JsonNode onlyInstance(String flow) throws Exception {
        JsonNode list = JSON.readTree(ts.get("/api/flow-instances?flow=" + flow).body());
        assertEquals(1, list.size(), list.toString());
        return JSON.readTree(
                ts.get("/api/flow-instances/" + list.get(0).get("id").asText()).body());
    }

    @Test
    void runRemoteFlow_twoRunbookNodes_exitsZeroAndPrintsEachNode() throws Exception {
        int code = tejun("run", "runbooks/flows/two.flow.yaml", "-p", "word=remote");

        assertEquals(HeadlessFlowRun.OK, code, out() + cli.err());
        assertTrue(out().contains("  one: ok (run "), out());
        assertTrue(out().contains("  two: ok (run "), out());
        assertTrue(out().contains("flows/two.flow.yaml (flow-") && out().contains("): ok"), out());
        JsonNode fi = onlyInstance("flows/two.flow.yaml");
        assertEquals("ok", fi.get("status").asText());
        assertEquals("remote", fi.get("params").get("word").asText());
        String runId = fi.get("nodes").get(0).get("runId").asText();
        String events = ts.get("/api/runs/" + runId + "/events").body();
        assertTrue(events.contains("first remote"), events);
    }

    @Test
    void runRemoteFlow_pauseWithoutTimeout_exitsThreeAndInstanceStaysPaused() throws Exception {
        int code = tejun("run", "flows/hold.flow.yaml");

        assertEquals(HeadlessFlowRun.PAUSED, code, out() + cli.err());
        assertTrue(out().contains("  one: ok") && out().contains("  gate: paused"), out());
        assertTrue(out().contains("waits for an approval"), out());
        JsonNode fi = onlyInstance("flows/hold.flow.yaml");
        assertEquals("paused", fi.get("status").asText());
        assertEquals("gate", fi.get("paused").get(0).asText());
    }

    @Test
    void runRemoteFlow_failingNode_exitsOne() throws Exception {
        assertEquals(HeadlessFlowRun.FAILED, tejun("run", "flows/bad.flow.yaml"), out());
        assertTrue(out().contains("  one: failed"), out());
    }

    @Test
    void runRemoteFlow_unknownParamOrFlow_exitsTwoAndNothingStarts() throws Exception {
        assertEquals(HeadlessFlowRun.USAGE, tejun("run", "flows/two.flow.yaml", "-p", "colour=red"));
        assertTrue(cli.err().contains("400"), cli.err());
        assertEquals(HeadlessFlowRun.USAGE, tejun("run", "flows/none.flow.yaml"));
        assertTrue(cli.err().contains("404"), cli.err());
        assertEquals("[]", JSON.readTree(ts.get("/api/flow-instances").body()).toString());
    }
}

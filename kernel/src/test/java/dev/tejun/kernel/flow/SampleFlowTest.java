package dev.tejun.kernel.flow;

import static dev.tejun.kernel.flow.FlowFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.NodeStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample flow in runbooks/flows, run for real, and the headless (CLI) run of flows. */
class SampleFlowTest {

    @TempDir
    Path tmp;

    @Test
    void patchSample_approved_patchesEveryWebHostInBatchesAndReports() throws Exception {
        try (FlowFixture f = new FlowFixture(tmp)) {
            Path samples = Path.of("..", "runbooks", "flows");
            for (Path p : FlowCheck.flowFiles(samples)) {
                f.file("flows/" + p.getFileName(), Files.readString(p));
            }
            try (var md = Files.list(samples)) {
                for (Path p : md.filter(x -> x.toString().endsWith(".md")).toList()) {
                    f.file("flows/" + p.getFileName(), Files.readString(p));
                }
            }
            CmdbStore cmdb = new CmdbStore(tmp.resolve("cmdb.db"));
            TestHosts.addHost(cmdb, "web01", "127.0.0.11", 22, "ops", null, "web");
            TestHosts.addHost(cmdb, "web02", "127.0.0.12", 22, "ops", null, "web");
            f.engine.resolveHosts(CmdbHosts.over(cmdb));
            String id = f.engine.start("flows/patch.flow.yaml", Map.of("env", "staging"), "alice", "test");
            FlowInstance paused = f.untilStatus(id, FlowStatus.PAUSED);
            assertEquals(
                    "Patch 2 hosts in staging?",
                    FlowFixture.node(paused, "approve").message());

            f.engine.approve(id, "approve", "bob", "window agreed");
            FlowInstance fi = f.engine.await(id, FlowFixture.WAIT);

            assertEquals(FlowStatus.OK, fi.status(), fi.toString());
            assertEquals(NodeStatus.OK, status(fi, "patch-web"));
            assertEquals(
                    "2 ok, 0 failed of 2 hosts in 2 batches",
                    FlowFixture.node(fi, "patch-web").message());
            assertEquals(NodeStatus.OK, status(fi, "verify-patched"));
            assertEquals(NodeStatus.OK, status(fi, "report"));
            assertEquals(NodeStatus.SKIPPED, status(fi, "patch-failed"));
            cmdb.close();
            assertEquals(NodeStatus.SKIPPED, status(fi, "not-approved"));
        }
    }

    @Test
    void headlessRun_printsNodesAndExitsByResult_leavingAPauseForTheServer() throws Exception {
        Path data = tmp.resolve("data");
        try (FlowFixture f = new FlowFixture(tmp)) {
            f.runbook("ok.md", "echo fine").runbook("bad.md", "exit 4");
            f.file(
                    "good.flow.yaml",
                    "nodes:\n  - { id: a, type: runbook, runbook: ok.md, next: end }\n  - { id: end, type: end }\n");
            f.file(
                    "bad.flow.yaml",
                    "nodes:\n  - { id: a, type: runbook, runbook: bad.md, next: end }\n  - { id: end, type: end }\n");
            f.file("hold.flow.yaml", "nodes:\n  - { id: hold, type: pause, next: end }\n  - { id: end, type: end }\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            HeadlessFlowRun cli = new HeadlessFlowRun(
                    f.store(), f.services, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

            assertEquals(HeadlessFlowRun.OK, cli.run(f.runbooks.resolve("good.flow.yaml"), Map.of(), "ci"));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("  a: ok"), out.toString(StandardCharsets.UTF_8));
            assertEquals(HeadlessFlowRun.FAILED, cli.run(f.runbooks.resolve("bad.flow.yaml"), Map.of(), "ci"));
            assertEquals(HeadlessFlowRun.PAUSED, cli.run(f.runbooks.resolve("hold.flow.yaml"), Map.of(), "ci"));
            assertEquals(HeadlessFlowRun.USAGE, cli.run(f.runbooks.resolve("ok.md"), Map.of(), "ci"));

            f.restart(); // the server starting on the same data folder
            FlowInstance held = f.engine.list().stream()
                    .filter(i -> i.flow().equals("hold.flow.yaml"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(FlowStatus.PAUSED, held.status());
            assertEquals("cli", held.via());
            f.engine.approve(held.id(), "hold", "bob", null);
            assertEquals(
                    FlowStatus.OK, f.engine.await(held.id(), FlowFixture.WAIT).status());
            assertTrue(TestDatabases.postgresql() || Files.exists(data.resolve("tejun.db")));
        }
    }
}

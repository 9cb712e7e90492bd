package dev.tejun.kernel.flow;

import static dev.tejun.kernel.flow.FlowFixture.node;
import static dev.tejun.kernel.flow.FlowFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.NodeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code for-each} node over ten loopback hosts in a real CMDB (web01..web10 at 127.0.0.11..20, group web), each
 * iteration a run of its own of a runbook that gets the host as param {@code host}; web07 fails its change.
 */
class ForEachFlowTest {

    @TempDir
    Path tmp;

    private static final String ROLL = """
            nodes:
              - id: patch
                type: for-each
                hosts: web
                runbook: patch-one.md
                %s
                next: how-many-failed
              - id: how-many-failed
                type: branch
                when:
                  - { value: "${nodes.patch.each.failed}", equals: "0", next: all-good }
                  - { value: "${nodes.patch.each.failed}", equals: "1", next: one-failed }
                default: many-failed
              - { id: all-good, type: end, result: ok }
              - { id: one-failed, type: end, result: warning }
              - { id: many-failed, type: end, result: failed }
            """;

    /** Runs ROLL with {@code policy} lines on the for-each node. */
    private FlowInstance roll(String policy) throws Exception {
        Path cmdbDir = Files.createDirectories(tmp.resolve("cmdb"));
        try (CmdbStore cmdb = new CmdbStore(cmdbDir.resolve("tejun.db"));
                FlowFixture f = new FlowFixture(tmp)) {
            for (int i = 1; i <= 10; i++) {
                TestHosts.addHost(cmdb, "web%02d".formatted(i), "127.0.0." + (10 + i), 22, "ops", null, "web");
            }
            TestHosts.addHost(cmdb, "db01", "127.0.0.30", 22, "ops", null, "db");
            f.engine.resolveHosts(CmdbHosts.over(cmdb));
            f.runbook(
                    "patch-one.md",
                    "params:\n  host: { description: the host }\n",
                    Map.of("patch", "echo \"patching ${params.host}\"\ntest ${params.host} != web07"));
            f.file("roll.flow.yaml", ROLL.formatted(policy.replace("\n", "\n    ")));
            var report = FlowCheck.check(f.runbooks.resolve("roll.flow.yaml"), f.folder);
            assertTrue(report.ok(), report.problems().toString());
            FlowInstance fi = f.run("roll.flow.yaml");
            outputs = f.store().outputs(fi.id()).get("patch");
            evidence = f.data.resolve("evidence");
            return fi;
        }
    }

    Map<String, String> outputs;
    Path evidence;

    @Test
    void forEach_tenHostsBatchThreeOneFailing_nineOkOneFailedAndTheBranchTakesTheCount() throws Exception {
        FlowInstance fi = roll("batch: 3\nmax-fail: 1");

        assertEquals(NodeStatus.WARNING, status(fi, "patch"), fi.toString());
        assertEquals(
                "9 ok, 1 failed of 10 hosts in 4 batches (failed: web07)",
                node(fi, "patch").message());
        assertEquals("9", outputs.get("each.ok"));
        assertEquals("1", outputs.get("each.failed"));
        assertEquals("failed", outputs.get("status.web07"));
        assertEquals("ok", outputs.get("status.web10"));
        assertEquals(NodeStatus.WARNING, status(fi, "one-failed"));
        assertEquals(NodeStatus.SKIPPED, status(fi, "all-good"));
        assertEquals(NodeStatus.SKIPPED, status(fi, "many-failed"));
        assertEquals(FlowStatus.WARNING, fi.status());
        // each iteration is a run of its own, with its own evidence
        Set<String> runs = new HashSet<>();
        for (int i = 1; i <= 10; i++) {
            String run = outputs.get("run.web%02d".formatted(i));
            assertTrue(runs.add(run), "web" + i + " has a run of its own: " + outputs);
            assertTrue(Files.isDirectory(evidence.resolve(run)), "evidence of " + run);
        }
    }

    @Test
    void forEach_failureOverTheLimit_noFurtherBatchStarts() throws Exception {
        FlowInstance fi = roll("batch: 3"); // no max-fail: one failure stops, as on ssh cells

        assertEquals(NodeStatus.FAILED, status(fi, "patch"), fi.toString());
        // batches [01-03] [04-06] [07-09] [10]: web07 fails in the third, which ends; the fourth never starts
        assertEquals("8", outputs.get("each.ok"));
        assertEquals("1", outputs.get("each.failed"));
        assertEquals("1", outputs.get("each.skipped"));
        assertEquals("skipped", outputs.get("status.web10"));
        assertTrue(
                node(fi, "patch").message().contains("no further batch started"),
                node(fi, "patch").message());
    }

    @Test
    void forEach_retry_runsAFailedHostAgain() throws Exception {
        FlowInstance fi = roll("batch: 5\nmax-fail: 1\nretry: 1");

        assertEquals("1", outputs.get("each.failed"));
        assertEquals("2", outputs.get("tries.web07"));
        assertEquals("1", outputs.get("tries.web01"));
        assertEquals(NodeStatus.WARNING, status(fi, "patch"), fi.toString());
        assertEquals(
                "9 ok, 1 failed of 10 hosts in 2 batches (failed: web07)",
                node(fi, "patch").message());
    }
}

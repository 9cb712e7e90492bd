package dev.tejun.kernel.flow;

import static dev.tejun.kernel.flow.FlowFixture.node;
import static dev.tejun.kernel.flow.FlowFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.NodeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code for-each} node that runs a flow per host (a check, then the change, as two runbook nodes) over four
 * loopback hosts of a real CMDB; web03's change fails. Each host's flow is an instance of its own, called by the loop.
 */
class ForEachSubFlowTest {

    @TempDir
    Path tmp;

    @Test
    void forEach_flowPerHost_eachHostAnInstanceOfItsOwnAndTheCountsBranch() throws Exception {
        Path cmdbDir = Files.createDirectories(tmp.resolve("cmdb"));
        try (CmdbStore cmdb = new CmdbStore(cmdbDir.resolve("tejun.db"));
                FlowFixture f = new FlowFixture(tmp)) {
            for (int i = 1; i <= 4; i++) {
                TestHosts.addHost(cmdb, "web%02d".formatted(i), "127.0.0." + (10 + i), 22, "ops", null, "web");
            }
            f.engine.resolveHosts(CmdbHosts.over(cmdb));
            String host = "params:\n  host: { description: the host }\n";
            f.runbook("check-one.md", host, Map.of("check", "echo \"checking ${params.host}\""));
            f.runbook(
                    "patch-one.md",
                    host,
                    Map.of("patch", "echo \"patching ${params.host}\"\ntest ${params.host} != web03"));
            f.file("one-host.flow.yaml", """
                    params:
                      host: { description: the host }
                    nodes:
                      - { id: check, type: runbook, runbook: check-one.md, params: { host: "${params.host}" }, next: patch }
                      - { id: patch, type: runbook, runbook: patch-one.md, params: { host: "${params.host}" }, next: end }
                      - { id: end, type: end }
                    """);
            f.file("roll.flow.yaml", """
                    nodes:
                      - { id: each, type: for-each, hosts: web, flow: one-host.flow.yaml, batch: 2, max-fail: 1, next: how }
                      - id: how
                        type: branch
                        when:
                          - { value: "${nodes.each.each.failed}", equals: "1", next: one-failed }
                        default: other
                      - { id: one-failed, type: end, result: warning }
                      - { id: other, type: end, result: failed }
                    """);
            var report = FlowCheck.check(f.runbooks.resolve("roll.flow.yaml"), f.folder);
            assertTrue(report.ok(), report.problems().toString());

            FlowInstance fi = f.run("roll.flow.yaml");

            assertEquals(FlowStatus.WARNING, fi.status(), fi.toString());
            assertEquals(NodeStatus.WARNING, status(fi, "one-failed"));
            assertEquals(
                    "3 ok, 1 failed of 4 hosts in 2 batches (failed: web03)",
                    node(fi, "each").message());
            Map<String, String> outputs = f.store().outputs(fi.id()).get("each");
            for (int i = 1; i <= 4; i++) {
                String child = outputs.get("run.web%02d".formatted(i));
                FlowInstance c = f.get(child);
                assertEquals(fi.id(), c.parentId(), "called by the loop");
                assertEquals("each", c.parentNode());
                assertEquals("web%02d".formatted(i), c.params().get("host"));
                assertEquals(i == 3 ? FlowStatus.FAILED : FlowStatus.OK, c.status(), c.toString());
                assertEquals(NodeStatus.OK, status(c, "check"), "the flow's first node ran for the host");
            }
        }
    }

    @Test
    void check_forEachWithRunbookAndFlow_refused() throws Exception {
        try (FlowFixture f = new FlowFixture(tmp)) {
            f.runbook("patch-one.md", "params:\n  host: { description: the host }\n", Map.of("p", "true"));
            f.file("one.flow.yaml", "params:\n  host: { description: h }\nnodes:\n  - { id: end, type: end }\n");
            f.file("bad.flow.yaml", """
                    nodes:
                      - { id: each, type: for-each, hosts: web, runbook: patch-one.md, flow: one.flow.yaml, next: end }
                      - { id: end, type: end }
                    """);

            var report = FlowCheck.check(f.runbooks.resolve("bad.flow.yaml"), f.folder);

            assertFalse(report.ok());
            assertTrue(
                    report.problems().toString().contains("either a runbook or a flow to run per host"),
                    report.problems().toString());
        }
    }
}

package dev.tejun.kernel.flow;

import static dev.tejun.kernel.flow.FlowFixture.node;
import static dev.tejun.kernel.flow.FlowFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.NodeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code for-each} node whose runbook has an ssh cell with {@code hosts=${params.host}}: each iteration reaches its
 * own host of a real sshd (web1..web3 at 127.0.0.2..4), and only that one.
 */
class ForEachSshHostsTest {

    @TempDir
    Path tmp;

    private static final String FLOW = """
            nodes:
              - id: patch
                type: for-each
                hosts: web
                runbook: patch-one.md
                batch: 2
                next: done
              - { id: done, type: end, result: ok }
            """;

    private static final String RUNBOOK = """
            ---
            params:
              host: { description: the host }
            ---
            # patch one host

            ```ssh {#patch hosts=%s}
            echo "reached $(echo $SSH_CONNECTION | cut -d' ' -f3)"
            ```
            """;

    private record Ran(FlowInstance instance, Map<String, String> outputs, Path evidence) {}

    /** {@code flow}: the flow's text; the runbook's ssh cell has {@code hosts=cellHosts}. */
    private Ran roll(String flow, String cellHosts, String node) throws Exception {
        try (Sshd sshd = Sshd.start(tmp.resolve("sshd"), 3);
                CmdbStore cmdb = new CmdbStore(
                        Files.createDirectories(tmp.resolve("cmdb")).resolve("tejun.db"));
                FlowFixture f = new FlowFixture(tmp, List.of(new SshExecutorFactory(cmdb)))) {
            TestHosts.seed(cmdb, sshd);
            Files.writeString(SshExecutorFactory.knownHosts(f.data), sshd.knownHostsLines());
            f.engine.resolveHosts(CmdbHosts.over(cmdb));
            f.file("patch-one.md", RUNBOOK.formatted(cellHosts));
            f.file("roll.flow.yaml", flow);
            FlowInstance fi = f.run("roll.flow.yaml");
            return new Ran(fi, f.store().outputs(fi.id()).get(node), f.data.resolve("evidence"));
        }
    }

    @Test
    void forEach_sshCellHostsFromParam_eachIterationReachesItsOwnHostOnly() throws Exception {
        Ran ran = roll(FLOW, "${params.host}", "patch");

        assertEquals(
                NodeStatus.OK, status(ran.instance(), "patch"), ran.instance().toString());
        assertEquals("3", ran.outputs().get("each.ok"), ran.outputs().toString());
        for (int i = 1; i <= 3; i++) {
            Path run = ran.evidence().resolve(ran.outputs().get("run.web" + i));
            String own = "reached 127.0.0." + (i + 1);
            assertTrue(!TestHosts.filesContaining(run, own).isEmpty(), "web" + i + " ran on its host");
            for (int j = 2; j <= 4; j++) {
                if (j != i + 1) {
                    assertTrue(
                            TestHosts.filesContaining(run, "reached 127.0.0." + j)
                                    .isEmpty(),
                            "web" + i + "'s run reached 127.0.0." + j + " too");
                }
            }
        }
    }

    @Test
    void runbookNode_hostParamIsAPattern_refusedAndReachesNothing() throws Exception {
        // a param that is a pattern must not widen hosts= to every host: values are data
        Ran ran = roll("""
                nodes:
                  - { id: one, type: runbook, runbook: patch-one.md, params: { host: "web*" }, next: done }
                  - { id: done, type: end, result: ok }
                """, "${params.host}", "one");

        assertEquals(
                NodeStatus.FAILED, status(ran.instance(), "one"), ran.instance().toString());
        assertTrue(TestHosts.filesContaining(ran.evidence(), "reached 127.0.0.").isEmpty(), "no host was reached");
        assertTrue(
                TestHosts.filesContaining(ran.evidence(), "not a host or group name")
                                .size()
                        > 0,
                "the refusal is in the run's evidence");
    }
}

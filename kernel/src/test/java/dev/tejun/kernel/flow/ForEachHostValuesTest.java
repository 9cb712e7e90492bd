package dev.tejun.kernel.flow;

import static dev.tejun.kernel.flow.FlowFixture.node;
import static dev.tejun.kernel.flow.FlowFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.NodeStatus;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code for-each} node's {@code hosts:} with references: a value is data there as in a cell. In a {@code cmdb:}
 * query it is a bound parameter (a quote in it cannot change the query); in a pattern it may only be host or group
 * names (never {@code all}, a glob or a query), so a param (an alert's label, say) never widens the selection.
 */
class ForEachHostValuesTest {

    @TempDir
    Path tmp;

    private static final String RUNBOOK = """
            ---
            params:
              host: { description: the host }
            ---
            ```sh {#hello}
            echo "on ${params.host}"
            ```
            """;

    /** The flow's for-each node over {@code hosts}, run with param {@code h}. */
    private FlowInstance run(String hosts, String h) throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory(tmp, "run");
        try (CmdbStore cmdb = new CmdbStore(dir.resolve("cmdb.db"));
                FlowFixture f = new FlowFixture(dir)) {
            TestHosts.addHost(cmdb, "web1", "127.0.0.2", 22, "ops", null, "web");
            TestHosts.addHost(cmdb, "web2", "127.0.0.3", 22, "ops", null, "web");
            TestHosts.addHost(cmdb, "db1", "127.0.0.4", 22, "ops", null, "db");
            f.engine.resolveHosts(CmdbHosts.over(cmdb));
            f.file("one.md", RUNBOOK);
            f.file("loop.flow.yaml", """
                    params:
                      h: { }
                    nodes:
                      - id: each
                        type: for-each
                        hosts: "%s"
                        runbook: one.md
                        next: done
                      - { id: done, type: end, result: ok }
                    """.formatted(hosts));
            String id = f.engine.start("loop.flow.yaml", Map.of("h", h), "alice", "test");
            return f.engine.await(id, FlowFixture.WAIT);
        }
    }

    @Test
    void cmdbQuery_valueIsBound_selectsByIt() throws Exception {
        FlowInstance fi = run("cmdb:SELECT host FROM hosts WHERE groups = ${params.h} ORDER BY host", "web");

        assertEquals(NodeStatus.OK, status(fi, "each"), fi.toString());
        assertEquals("2 ok, 0 failed of 2 hosts in 1 batch", node(fi, "each").message());
    }

    @Test
    void cmdbQuery_valueWithAQuote_isNoSqlAndSelectsNothing() throws Exception {
        FlowInstance fi = run("cmdb:SELECT host FROM hosts WHERE groups = '${params.h}'", "web' OR '1'='1");

        assertEquals(NodeStatus.FAILED, status(fi, "each"), fi.toString());
        assertTrue(
                node(fi, "each").message().contains("selects no host"),
                node(fi, "each").message());
    }

    @Test
    void pattern_valueThatWouldWidenIt_refusedBeforeAnythingRuns() throws Exception {
        for (String widening : new String[] {"all", "web*", "web1,all", "cmdb:SELECT host FROM hosts", "x:!y"}) {
            FlowInstance fi = run("${params.h}", widening);

            assertEquals(NodeStatus.FAILED, status(fi, "each"), widening + ": " + fi);
            String message = node(fi, "each").message();
            assertTrue(message.contains("${params.h} in hosts= is"), widening + ": " + message);
        }
    }

    @Test
    void pattern_namesFromAValue_selectThoseHosts() throws Exception {
        FlowInstance fi = run("web:!${params.h}", "web2");

        assertEquals(NodeStatus.OK, status(fi, "each"), fi.toString());
        assertEquals("1 ok, 0 failed of 1 hosts in 1 batch", node(fi, "each").message());
    }
}

package dev.tejun.kernel.flow;

import static dev.tejun.kernel.flow.FlowFixture.node;
import static dev.tejun.kernel.flow.FlowFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.NodeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code for-each} node cut off by a server restart in its second batch resumes from that batch: the hosts that
 * had ended keep their status and run, only the host that was cut off runs again, then the batches after it.
 */
@ExtendWith(CellsUnsandboxed.class) // its cells log each iteration in the test's temp folder
class ForEachResumeTest {

    @TempDir
    Path tmp;

    @Test
    void resume_cutOffInSecondBatch_runsOnlyTheCutOffHostAndTheBatchesAfter() throws Exception {
        Path log = tmp.resolve("iterations.txt");
        Path marker = tmp.resolve("web03-started");
        Path cmdbDir = Files.createDirectories(tmp.resolve("cmdb"));
        try (CmdbStore cmdb = new CmdbStore(cmdbDir.resolve("tejun.db"));
                FlowFixture f = new FlowFixture(tmp)) {
            for (int i = 1; i <= 6; i++) {
                TestHosts.addHost(cmdb, "web%02d".formatted(i), "127.0.0." + (10 + i), 22, "ops", null, "web");
            }
            f.engine.resolveHosts(CmdbHosts.over(cmdb));
            // web03 hangs the first time, so the restart catches batch [web03, web04] with web04 ended
            f.runbook(
                    "patch-one.md",
                    "params:\n  host: { description: the host }\n",
                    Map.of(
                            "patch",
                            "echo ${params.host} >> " + log + "\nif [ ${params.host} = web03 ] && [ ! -f " + marker
                                    + " ]; then touch " + marker + "; sleep 300; fi"));
            f.file("roll.flow.yaml", """
                    nodes:
                      - { id: patch, type: for-each, hosts: web, runbook: patch-one.md, batch: 2, next: done }
                      - { id: done, type: end, result: ok }
                    """);
            String id = f.start("roll.flow.yaml");
            f.until(
                    id,
                    fi -> Files.exists(marker)
                            && f.store()
                                    .outputs(id)
                                    .getOrDefault("patch", Map.of())
                                    .containsKey("status.web04"),
                    "web04 ended and web03 running");
            String web01Run = f.store().outputs(id).get("patch").get("run.web01");

            f.restart();
            f.engine.resolveHosts(CmdbHosts.over(cmdb));
            assertEquals(NodeStatus.INTERRUPTED, status(f.get(id), "patch"));
            f.engine.resume(id, "erin");
            FlowInstance fi = f.engine.await(id, FlowFixture.WAIT);

            assertEquals(FlowStatus.OK, fi.status(), fi.toString());
            Map<String, Long> ran = Files.readAllLines(log).stream()
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertEquals(
                    Map.of("web01", 1L, "web02", 1L, "web03", 2L, "web04", 1L, "web05", 1L, "web06", 1L),
                    ran,
                    "iterations run");
            Map<String, String> outputs = f.store().outputs(id).get("patch");
            assertEquals("6", outputs.get("each.ok"), outputs.toString());
            assertEquals(web01Run, outputs.get("run.web01"), "an ended host keeps its run");
            assertTrue(
                    node(fi, "patch").message().contains("resumed with 3 hosts ended before"),
                    node(fi, "patch").message());
        }
    }
}

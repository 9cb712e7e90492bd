package dev.tejun.kernel.flow;

import static dev.tejun.kernel.flow.FlowFixture.node;
import static dev.tejun.kernel.flow.FlowFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.flow.def.FlowFiles;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.flow.state.NodeStatus;
import dev.tejun.kernel.session.Params;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flows of real shell runbooks: paths, branches, parallel paths and merges, called flows. */
@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class FlowEngineTest {

    @TempDir
    Path tmp;

    private FlowFixture f;

    @BeforeEach
    void open() throws Exception {
        f = new FlowFixture(tmp);
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void start_linearFlow_runsEachRunbookInOrderAndPassesOutputsOn() throws Exception {
        f.runbook("a.md", null, Map.of("greet", "echo hello"));
        f.runbook(
                "b.md",
                "params:\n  word: {}\n",
                Map.of("main", "echo \"got ${params.word}\" > " + tmp.resolve("b.txt")));
        f.file("line.flow.yaml", """
                title: Linear
                nodes:
                  - id: first
                    type: runbook
                    runbook: a.md
                    next: second
                  - id: second
                    type: runbook
                    runbook: b.md
                    params: { word: "${nodes.first.greet.stdout}" }
                    next: done
                  - id: done
                    type: end
                """);
        List<FlowChange> changes = new CopyOnWriteArrayList<>();
        f.engine.subscribe(changes::add);

        FlowInstance fi = f.run("line.flow.yaml");

        assertEquals(FlowStatus.OK, fi.status(), fi.toString());
        assertEquals("got hello", Files.readString(tmp.resolve("b.txt")).strip());
        NodeState first = node(fi, "first");
        assertEquals(NodeStatus.OK, first.status());
        assertNotNull(first.runId());
        assertTrue(Files.isRegularFile(Path.of(first.evidence()).resolve("run.json")), "evidence of the node's run");
        assertTrue(node(fi, "second").startedAt().compareTo(first.endedAt()) >= 0, "second started after first ended");
        assertEquals("alice", first.actor());
        assertEquals(fi, f.engine.list().getFirst(), "the stored instance is what await returned");
        assertTrue(changes.stream()
                .anyMatch(c -> c instanceof FlowChange.NodeChanged n
                        && n.node().nodeId().equals("second")
                        && n.node().status() == NodeStatus.RUNNING));
        assertTrue(changes.getLast() instanceof FlowChange.InstanceChanged ic
                && ic.instance().status() == FlowStatus.OK);
    }

    @Test
    void branch_onFailure_takesTheFailedPathAndSkipsTheOther() throws Exception {
        f.runbook("check.md", "exit 3").runbook("fix.md", "echo fixing").runbook("go.md", "echo go");
        f.file("br.flow.yaml", """
                nodes:
                  - { id: check, type: runbook, runbook: check.md, next: decide }
                  - id: decide
                    type: branch
                    on: { ok: go, failed: fix }
                  - { id: go, type: runbook, runbook: go.md, next: done }
                  - { id: fix, type: runbook, runbook: fix.md, next: repaired }
                  - { id: done, type: end, result: ok }
                  - { id: repaired, type: end, result: warning }
                """);

        FlowInstance fi = f.run("br.flow.yaml");

        assertEquals(FlowStatus.WARNING, fi.status(), fi.toString());
        assertEquals(NodeStatus.FAILED, status(fi, "check"));
        assertEquals("fix", node(fi, "decide").chosen());
        assertEquals(NodeStatus.OK, status(fi, "fix"));
        assertEquals(NodeStatus.SKIPPED, status(fi, "go"));
        assertEquals(NodeStatus.SKIPPED, status(fi, "done"));
    }

    @Test
    void branch_whenOutputEquals_choosesThatPath() throws Exception {
        f.runbook("count.md", null, Map.of("n", "echo 0"));
        f.runbook("noop.md", "echo nothing to do").runbook("work.md", "echo working");
        f.file("when.flow.yaml", """
                nodes:
                  - { id: count, type: runbook, runbook: count.md, next: decide }
                  - id: decide
                    type: branch
                    when:
                      - { value: "${nodes.count.n.stdout}", equals: "0", next: none }
                    default: work
                  - { id: none, type: runbook, runbook: noop.md, next: end }
                  - { id: work, type: runbook, runbook: work.md, next: end }
                  - { id: end, type: end }
                """);

        FlowInstance fi = f.run("when.flow.yaml");

        assertEquals(FlowStatus.OK, fi.status());
        assertEquals(NodeStatus.OK, status(fi, "none"));
        assertEquals(NodeStatus.SKIPPED, status(fi, "work"));
    }

    @Test
    void failure_withoutBranch_skipsTheRestAndFailsTheFlow() throws Exception {
        f.runbook("bad.md", "exit 1").runbook("never.md", "echo never > " + tmp.resolve("never.txt"));
        f.file("fail.flow.yaml", """
                nodes:
                  - { id: bad, type: runbook, runbook: bad.md, next: never }
                  - { id: never, type: runbook, runbook: never.md, next: end }
                  - { id: end, type: end }
                """);

        FlowInstance fi = f.run("fail.flow.yaml");

        assertEquals(FlowStatus.FAILED, fi.status(), "a failure that no branch handles reaches the end");
        assertEquals(NodeStatus.SKIPPED, status(fi, "never"));
        assertTrue(Files.notExists(tmp.resolve("never.txt")));
    }

    @Test
    void parallel_withOneSlowBranch_mergeWaitsForBoth() throws Exception {
        f.runbook("slow.md", "sleep 1; touch " + tmp.resolve("slow.done"));
        f.runbook("fast.md", "touch " + tmp.resolve("fast.done"));
        f.runbook("after.md", "test -f " + tmp.resolve("slow.done") + " && test -f " + tmp.resolve("fast.done"));
        f.file("par.flow.yaml", """
                nodes:
                  - { id: fan, type: parallel, next: [slow, fast] }
                  - { id: slow, type: runbook, runbook: slow.md, next: join }
                  - { id: fast, type: runbook, runbook: fast.md, next: join }
                  - { id: join, type: merge, on-failure: fail, next: after }
                  - { id: after, type: runbook, runbook: after.md, next: end }
                  - { id: end, type: end }
                """);

        FlowInstance fi = f.run("par.flow.yaml");

        assertEquals(FlowStatus.OK, fi.status(), fi.toString());
        assertEquals(NodeStatus.OK, status(fi, "after"), "after ran once both paths were done");
        assertTrue(node(fi, "fast").endedAt().isBefore(node(fi, "slow").endedAt()));
        assertTrue(node(fi, "slow").startedAt().isBefore(node(fi, "fast").endedAt()), "the paths ran side by side");
    }

    @ParameterizedTest(name = "on-failure {0}")
    @CsvSource({"fail, FAILED, SKIPPED, FAILED", "continue, OK, OK, OK", "warn, WARNING, OK, WARNING"})
    void merge_withAFailedPath_followsItsOnFailureRule(String rule, NodeStatus merge, NodeStatus after, FlowStatus flow)
            throws Exception {
        f.runbook("good.md", "echo fine").runbook("bad.md", "exit 1").runbook("after.md", "echo after");
        f.file("m.flow.yaml", """
                nodes:
                  - { id: fan, type: parallel, next: [good, bad] }
                  - { id: good, type: runbook, runbook: good.md, next: join }
                  - { id: bad, type: runbook, runbook: bad.md, next: join }
                  - { id: join, type: merge, on-failure: %s, next: after }
                  - { id: after, type: runbook, runbook: after.md, next: end }
                  - { id: end, type: end }
                """.formatted(rule));

        FlowInstance fi = f.run("m.flow.yaml");

        assertEquals(merge, status(fi, "join"), fi.toString());
        assertTrue(
                node(fi, "join").message().contains("bad (failed)"),
                node(fi, "join").message());
        assertEquals(after, status(fi, "after"));
        assertEquals(flow, fi.status());
    }

    @Test
    void call_nestedFlow_runsAsChildInstanceAndPassesItsResult() throws Exception {
        f.runbook(
                "inner.md",
                "params:\n  who: {}\n",
                Map.of("main", "echo \"${params.who}\" > " + tmp.resolve("inner.txt")));
        f.file("inner.flow.yaml", """
                params:
                  who: { default: nobody }
                nodes:
                  - { id: work, type: runbook, runbook: inner.md, params: { who: "${params.who}" }, next: end }
                  - { id: end, type: end, result: warning }
                """);
        f.file("outer.flow.yaml", """
                nodes:
                  - { id: sub, type: call, flow: inner.flow.yaml, params: { who: outer }, next: decide }
                  - { id: decide, type: branch, on: { warning: end } }
                  - { id: end, type: end }
                """);

        FlowInstance fi = f.run("outer.flow.yaml");

        assertEquals(FlowStatus.OK, fi.status(), fi.toString());
        assertEquals("outer", Files.readString(tmp.resolve("inner.txt")).strip());
        NodeState sub = node(fi, "sub");
        assertEquals(NodeStatus.WARNING, sub.status());
        FlowInstance child = f.get(sub.child());
        assertEquals(FlowStatus.WARNING, child.status());
        assertEquals(fi.id(), child.parentId());
        assertEquals("sub", child.parentNode());
    }

    @Test
    void start_invalidFlowOrParams_isRefusedBeforeAnythingRuns() throws Exception {
        f.runbook("a.md", "echo a");
        f.file("bad.flow.yaml", """
                nodes:
                  - { id: a, type: runbook, runbook: missing.md, next: end }
                  - { id: end, type: end }
                """);
        f.file("p.flow.yaml", """
                params:
                  env: { enum: [staging, prod] }
                nodes:
                  - { id: a, type: runbook, runbook: a.md, next: end }
                  - { id: end, type: end }
                """);

        FlowFiles.InvalidFlow e = assertThrows(FlowFiles.InvalidFlow.class, () -> f.start("bad.flow.yaml"));
        assertTrue(e.getMessage().contains("node 'a': runbook missing.md does not exist"), e.getMessage());
        assertThrows(Params.InvalidParams.class, () -> f.engine.start("p.flow.yaml", Map.of("env", "dev"), "a", "t"));
        assertTrue(f.engine.list().isEmpty());
    }
}

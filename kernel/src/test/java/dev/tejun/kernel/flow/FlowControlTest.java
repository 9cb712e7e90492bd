package dev.tejun.kernel.flow;

import static dev.tejun.kernel.flow.FlowFixture.node;
import static dev.tejun.kernel.flow.FlowFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.flow.state.NodeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Hold points, emergency stop and restarts, with real processes and a real SQLite file. */
@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class FlowControlTest {

    private static final String PAUSED_FLOW = """
            nodes:
              - { id: prepare, type: runbook, runbook: prepare.md, next: hold }
              - id: hold
                type: pause
                message: Go ahead?
                %s
                next: decide
              - { id: decide, type: branch, on: { ok: apply, failed: cancelled } }
              - { id: apply, type: runbook, runbook: apply.md, next: done }
              - { id: done, type: end }
              - { id: cancelled, type: end, result: failed }
            """;

    @TempDir
    Path tmp;

    private FlowFixture f;

    @BeforeEach
    void open() throws Exception {
        f = new FlowFixture(tmp);
        f.runbook("prepare.md", "echo prepared").runbook("apply.md", "echo applied >> " + tmp.resolve("applied.txt"));
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    private String startPaused(String timeout) throws Exception {
        f.file("p.flow.yaml", PAUSED_FLOW.formatted(timeout));
        String id = f.start("p.flow.yaml");
        f.untilStatus(id, FlowStatus.PAUSED);
        return id;
    }

    @Test
    void pause_approved_continuesAndRecordsWhoAndWhy() throws Exception {
        String id = startPaused("");
        FlowInstance paused = f.get(id);
        assertEquals(NodeStatus.PAUSED, status(paused, "hold"));
        assertEquals(NodeStatus.PENDING, status(paused, "apply"));
        assertEquals(FlowStatus.PAUSED, f.engine.list().getFirst().status(), "paused is visible in the list");
        assertTrue(Files.notExists(tmp.resolve("applied.txt")));

        f.engine.approve(id, "hold", "bob", "checked the change ticket");
        FlowInstance fi = f.engine.await(id, FlowFixture.WAIT);

        assertEquals(FlowStatus.OK, fi.status());
        NodeState hold = node(fi, "hold");
        assertEquals(NodeStatus.OK, hold.status());
        assertEquals("bob", hold.actor());
        assertEquals("checked the change ticket", hold.comment());
        assertTrue(Files.exists(tmp.resolve("applied.txt")));
        assertThrows(IllegalStateException.class, () -> f.engine.approve(id, "hold", "bob", "again"));
    }

    @Test
    void pause_rejected_takesTheFailedPath() throws Exception {
        String id = startPaused("");

        f.engine.reject(id, "hold", "carol", "not today");
        FlowInstance fi = f.engine.await(id, FlowFixture.WAIT);

        assertEquals(FlowStatus.FAILED, fi.status());
        assertEquals(NodeStatus.FAILED, status(fi, "hold"));
        assertEquals("carol", node(fi, "hold").actor());
        assertEquals(NodeStatus.SKIPPED, status(fi, "apply"));
        assertTrue(Files.notExists(tmp.resolve("applied.txt")));
    }

    @Test
    void pause_timedOut_appliesOnTimeout() throws Exception {
        String rejects = startPaused("timeout: 10m");
        assertTrue(node(f.get(rejects), "hold").deadline() != null);
        f.clock.advance(Duration.ofMinutes(11));
        FlowInstance fi = f.engine.await(rejects, FlowFixture.WAIT);
        assertEquals(FlowStatus.FAILED, fi.status());
        assertEquals("timeout", node(fi, "hold").actor());

        String approves = startPaused("timeout: 10m\n    on-timeout: approve");
        f.clock.advance(Duration.ofMinutes(11));
        assertEquals(FlowStatus.OK, f.engine.await(approves, FlowFixture.WAIT).status());
    }

    @Test
    void pause_beforeItsTimeout_staysPaused() throws Exception {
        String id = startPaused("timeout: 10m");
        f.clock.advance(Duration.ofMinutes(9));
        Thread.sleep(300); // several ticks of the timeout check
        assertEquals(NodeStatus.PAUSED, status(f.get(id), "hold"));
    }

    @Test
    void emergencyStop_duringParallelSection_leavesNoProcessOfAnyBranch() throws Exception {
        String tag = "300." + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        f.runbook("sleep1.md", "sleep " + tag + " & wait").runbook("sleep2.md", "sleep " + tag);
        f.runbook("after.md", "echo after > " + tmp.resolve("after.txt"));
        f.file("inner.flow.yaml", """
                nodes:
                  - { id: deep, type: runbook, runbook: sleep2.md, next: end }
                  - { id: end, type: end }
                """);
        f.file("stop.flow.yaml", """
                nodes:
                  - { id: fan, type: parallel, next: [one, two, nested] }
                  - { id: one, type: runbook, runbook: sleep1.md, next: join }
                  - { id: two, type: runbook, runbook: sleep2.md, next: join }
                  - { id: nested, type: call, flow: inner.flow.yaml, next: join }
                  - { id: join, type: merge, on-failure: continue, next: after }
                  - { id: after, type: runbook, runbook: after.md, next: end }
                  - { id: end, type: end }
                """);
        String id = f.start("stop.flow.yaml");
        awaitProcesses(tag, 3);

        f.engine.emergencyStop(id, "dave");

        assertEquals(0, processes(tag), "a process of some branch survived the emergency stop");
        FlowInstance fi = f.get(id);
        assertEquals(FlowStatus.STOPPED, fi.status());
        assertEquals("dave", fi.stoppedBy());
        assertEquals(NodeStatus.STOPPED, status(fi, "one"));
        assertEquals(NodeStatus.STOPPED, status(fi, "two"));
        assertEquals(NodeStatus.STOPPED, status(fi, "nested"));
        assertEquals(FlowStatus.STOPPED, f.get(node(fi, "nested").child()).status());
        assertEquals(NodeStatus.SKIPPED, status(fi, "after"));
        Thread.sleep(300);
        assertTrue(Files.notExists(tmp.resolve("after.txt")), "nothing started after the stop");
        assertEquals(FlowStatus.STOPPED, f.get(id).status());
    }

    @Test
    void restart_whilePaused_keepsThePauseAndApprovalContinues() throws Exception {
        String id = startPaused("");

        f.restart();

        FlowInstance after = f.get(id);
        assertEquals(FlowStatus.PAUSED, after.status());
        assertEquals(NodeStatus.PAUSED, status(after, "hold"));
        f.engine.approve(id, "hold", "bob", "after the restart");
        FlowInstance fi = f.engine.await(id, FlowFixture.WAIT);
        assertEquals(FlowStatus.OK, fi.status());
        assertEquals(NodeStatus.OK, status(fi, "apply"));
    }

    /** A runbook that sleeps the first time it runs (so a restart catches it running) and succeeds the next. */
    private String startSleepingOnce() throws Exception {
        Path marker = tmp.resolve("ran-once");
        f.runbook(
                "once.md",
                "echo run >> " + tmp.resolve("runs.txt") + "\nif [ -f " + marker + " ]; then exit 0; fi\ntouch "
                        + marker + "\nsleep 300");
        f.file("r.flow.yaml", """
                nodes:
                  - { id: prepare, type: runbook, runbook: prepare.md, next: work }
                  - { id: work, type: runbook, runbook: once.md, next: end }
                  - { id: end, type: end }
                """);
        String id = f.start("r.flow.yaml");
        f.until(id, fi -> Files.exists(marker), "the first run of once.md");
        return id;
    }

    @Test
    void restart_whileRunning_marksInterruptedAndResumeRunsTheNodeAgain() throws Exception {
        String id = startSleepingOnce();

        f.restart();

        FlowInstance after = f.get(id);
        assertEquals(FlowStatus.INTERRUPTED, after.status());
        assertEquals(NodeStatus.INTERRUPTED, status(after, "work"));
        assertEquals(NodeStatus.OK, status(after, "prepare"));
        f.engine.resume(id, "erin");
        FlowInstance fi = f.engine.await(id, FlowFixture.WAIT);
        assertEquals(FlowStatus.OK, fi.status(), fi.toString());
        assertEquals("erin", node(fi, "work").actor());
        assertEquals(2, Files.readAllLines(tmp.resolve("runs.txt")).size(), "the interrupted node ran again");
    }

    @Test
    void restart_whileRunning_stopEndsTheInstance() throws Exception {
        String id = startSleepingOnce();

        f.restart();
        f.engine.stop(id, "frank");

        FlowInstance fi = f.get(id);
        assertEquals(FlowStatus.STOPPED, fi.status());
        assertEquals(NodeStatus.STOPPED, status(fi, "work"));
        assertEquals(NodeStatus.SKIPPED, status(fi, "end"));
        assertNull(fi.parentId());
        assertThrows(IllegalStateException.class, () -> f.engine.resume(id, "frank"));
    }

    private static void awaitProcesses(String tag, int count) throws Exception {
        long deadline = System.nanoTime() + FlowFixture.WAIT.toNanos();
        while (processes(tag) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "expected " + count + " processes 'sleep " + tag + "', found " + processes(tag));
            }
            Thread.sleep(20);
        }
    }

    private static int processes(String tag) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pgrep", "-f", "sleep " + tag)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return (int) out.lines().filter(l -> !l.isBlank()).count();
    }
}

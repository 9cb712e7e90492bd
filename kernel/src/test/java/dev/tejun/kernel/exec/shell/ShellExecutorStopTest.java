package dev.tejun.kernel.exec.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping, timing out and closing end every process a cell started, found by a marker in their command line. */
class ShellExecutorStopTest {

    @TempDir
    Path dir;

    private final String marker = Processes.marker();

    /**
     * Five processes: a foreground sleep, a background child, a background grandchild under a second shell, and
     * an orphan whose parent has already exited (no longer anyone's descendant; only its process group finds it).
     */
    private String tree() {
        return "sleep " + marker + " &\n"
                + "sh -c 'sleep " + marker + "; true' &\n"
                + "sh -c 'sleep " + marker + " &'\n"
                + "echo started\n"
                + "sleep " + marker + "\n";
    }

    @AfterEach
    void cleanUp() throws Exception {
        Processes.cleanUp(marker);
    }

    private Executor executor() {
        return new ShellExecutorFactory().create(new SessionContext("s1", dir, dir));
    }

    private CellRequest request(String code, Duration timeout) {
        return new CellRequest("run-1", "cell-1", "sh", code, Attributes.NONE, dir, timeout, Map.of());
    }

    /** Runs the cell on a worker thread; records its outcome and whether its interrupt flag was set after. */
    private record Worker(Thread thread, AtomicReference<CellOutcome> outcome, AtomicBoolean interrupted) {
        static Worker start(Executor executor, CellRequest request, RecordingOutput out) {
            AtomicReference<CellOutcome> outcome = new AtomicReference<>();
            AtomicBoolean interrupted = new AtomicBoolean();
            Thread thread = Thread.ofPlatform().start(() -> {
                outcome.set(executor.execute(request, out));
                interrupted.set(Thread.currentThread().isInterrupted());
            });
            return new Worker(thread, outcome, interrupted);
        }

        void awaitDone() throws InterruptedException {
            thread.join(Duration.ofSeconds(60));
            assertFalse(thread.isAlive(), "execute returned");
        }
    }

    @Test
    void execute_interrupted_killsWholeTreeAndReturnsStopped() throws Exception {
        RecordingOutput out = new RecordingOutput();
        Worker worker = Worker.start(executor(), request(tree(), null), out);
        Processes.awaitAtLeast(marker, 5);

        worker.thread().interrupt();
        worker.awaitDone();

        assertEquals(CellStatus.STOPPED, worker.outcome().get().status());
        assertTrue(worker.interrupted().get(), "interrupt flag re-set for the caller");
        assertEquals(List.of(), Processes.matching(marker));
        assertEquals("started\n", out.stdoutText());
    }

    @Test
    void execute_timeout_killsWholeTreeAndReturnsTimedOut() throws Exception {
        RecordingOutput out = new RecordingOutput();

        CellOutcome outcome = executor().execute(request(tree(), Duration.ofSeconds(2)), out);

        assertEquals(CellOutcome.timedOut(Duration.ofSeconds(2)), outcome);
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals(List.of(), Processes.matching(marker));
        assertEquals("started\n", out.stdoutText());
    }

    @Test
    void execute_termIgnored_killedAfterGrace() throws Exception {
        // an ignored signal stays ignored across exec, so the sleep ignores TERM too and needs KILL
        Worker worker = Worker.start(
                executor(),
                request("trap '' TERM\nsleep " + marker + " &\nsleep " + marker + "\n", null),
                new RecordingOutput());
        Processes.awaitAtLeast(marker, 2);

        worker.thread().interrupt();
        worker.awaitDone();

        assertEquals(CellStatus.STOPPED, worker.outcome().get().status());
        assertEquals(List.of(), Processes.matching(marker));
    }

    @Test
    void execute_backgroundChildHoldingOutput_endedWhenShellExits() throws Exception {
        RecordingOutput out = new RecordingOutput();

        CellOutcome outcome = executor().execute(request("sleep " + marker + " &\necho done\nexit 0", null), out);

        assertEquals(CellOutcome.ok(0, null), outcome);
        assertEquals("done\n", out.stdoutText());
        assertEquals(List.of(), Processes.matching(marker));
    }

    @Test
    void execute_daemonWithRedirectedOutput_leftRunningWithoutSandbox() throws Exception {
        Executor unsandboxed = new ShellExecutorFactory()
                .create(new SessionContext(
                        "s1", dir, dir, null, CellSandbox.from(Map.of(CellSandbox.MODE_ENV, "none"), dir)));
        CellOutcome outcome = unsandboxed.execute(
                request("sleep " + marker + " >/dev/null 2>&1 &\necho $! > daemon.pid", null), new RecordingOutput());

        assertEquals(CellStatus.OK, outcome.status());
        assertEquals(1, Processes.matching(marker).size());
    }

    /** The cell's PID namespace ends with its shell: nothing it started outlives it, even with its output redirected. */
    @Test
    void execute_daemonWithRedirectedOutput_endedWithTheCellInBwrap() throws Exception {
        assertEquals(
                CellSandbox.Mode.BWRAP,
                new SessionContext("s1", dir, dir, null).sandbox().mode(),
                "bubblewrap is installed by ./tejun test");
        CellOutcome outcome = executor()
                .execute(
                        request("sleep " + marker + " >/dev/null 2>&1 &\necho $! > daemon.pid", null),
                        new RecordingOutput());

        assertEquals(CellStatus.OK, outcome.status());
        assertEquals(List.of(), Processes.matching(marker));
    }

    @Test
    void execute_withoutSetsid_interruptStillKillsAttachedChildren() throws Exception {
        Programs found = Programs.find();
        Executor executor = new ShellExecutor(
                new SessionContext("s1", dir, dir), new Programs(found.sh(), found.bash(), found.shell(), null), null);
        Worker worker = Worker.start(executor, request("sleep " + marker + "\n", null), new RecordingOutput());
        Processes.awaitAtLeast(marker, 1);

        worker.thread().interrupt();
        worker.awaitDone();

        assertEquals(CellStatus.STOPPED, worker.outcome().get().status());
        assertEquals(List.of(), Processes.matching(marker));
    }

    @Test
    void close_endsRunningCell() throws Exception {
        Executor executor = executor();
        Worker worker = Worker.start(executor, request(tree(), null), new RecordingOutput());
        Processes.awaitAtLeast(marker, 5);

        executor.close();
        worker.awaitDone();

        assertEquals(CellStatus.FAILED, worker.outcome().get().status());
        assertEquals(List.of(), Processes.matching(marker));
    }
}

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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's shell cells in its long-lived sandbox (the zygote), as a server configures it by default (bubblewrap
 * and the {@code tejun-cell} account, which {@code ./tejun test} provides): one sandbox per session, which a cell
 * cannot steer, which comes back when a cell kills it, and which keeps sessions apart.
 */
class ZygoteTest {

    /** Finds the zygote from inside a cell: the one Python process in the session's namespace. */
    private static final String FIND_ZYGOTE = "for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline 2>/dev/null"
            + " | grep -q '^/usr/bin/python3 -I -S -c' && z=${p#/proc/} && break; done\n";

    @TempDir
    Path data;

    private final List<Executor> executors = new ArrayList<>();
    private final String marker = Processes.marker();

    @BeforeEach
    void bwrapHere() {
        CellSandbox sandbox = CellSandbox.configured(data);
        assertEquals(CellSandbox.Mode.BWRAP, sandbox.mode(), "bubblewrap is installed by ./tejun test");
        assertTrue(sandbox.zygotes(), "python3 is installed by ./tejun test");
    }

    @AfterEach
    void closeAll() throws Exception {
        executors.forEach(Executor::close);
        Processes.cleanUp(marker);
    }

    private Executor session(String name) throws IOException {
        Path work = Files.createDirectories(data.resolve("work").resolve(name));
        Executor executor = new ShellExecutorFactory().create(new SessionContext(name, work, data));
        executors.add(executor);
        return executor;
    }

    private static CellOutcome run(Executor session, String code, RecordingOutput out) {
        return session.execute(
                new CellRequest("run-1", "c1", "sh", code, Attributes.NONE, null, Duration.ofSeconds(60), Map.of()),
                out);
    }

    private static String ok(Executor session, String code) {
        RecordingOutput out = new RecordingOutput();
        CellOutcome outcome = run(session, code, out);
        assertEquals(CellStatus.OK, outcome.status(), outcome.message() + "\n" + out.stderrText());
        return out.stdoutText();
    }

    @Test
    void execute_twoCellsOfASession_runInOneSandbox() throws IOException {
        Executor session = session("s1");

        ok(session, "echo left > /tmp/mark");
        String second = ok(session, "cat /tmp/mark 2>/dev/null || echo fresh");

        // a sandbox per cell gave each cell a new private /tmp
        assertEquals("left\n", second);
    }

    @Test
    void execute_cellGoesForTheZygote_cannotOpenItsChannelOrTraceIt() throws IOException {
        Executor session = session("s1");

        String out = ok(
                session,
                FIND_ZYGOTE + "echo zygote=${z:-none}\n"
                        + "ls /proc/$z/fd >/dev/null 2>&1 && echo 'LISTED fds'\n"
                        + "cat /proc/$z/environ >/dev/null 2>&1 && echo 'READ environ'\n"
                        + "printf 'R\\0\\0\\0\\1\\0\\0\\0\\0' 2>/dev/null > /proc/$z/fd/0 && echo 'WROTE control'\n"
                        + "cat /proc/$z/fd/1 >/dev/null 2>&1 & sleep 0.2; kill $! 2>/dev/null; wait $! 2>/dev/null"
                        + " && echo 'READ output'\n"
                        + "head -c 1 /proc/$z/mem >/dev/null 2>&1 && echo 'READ mem'\ntrue\n");

        assertFalse(out.contains("zygote=none"), "the zygote is in the cell's namespace:\n" + out);
        assertFalse(out.contains("LISTED") || out.contains("READ") || out.contains("WROTE"), out);
        assertEquals("still\n", ok(session, "echo still"));
    }

    @Test
    void execute_cellKillsTheZygote_nextCellStartsANewOneAndSaysSo() throws IOException {
        Executor session = session("s1");
        ok(session, "echo first > /tmp/mark");

        CellOutcome killer = run(session, FIND_ZYGOTE + "kill -9 $z; sleep 5", new RecordingOutput());
        RecordingOutput next = new RecordingOutput();
        CellOutcome outcome = run(session, "cat /tmp/mark 2>/dev/null || echo fresh", next);

        assertEquals(CellStatus.FAILED, killer.status(), killer.message());
        assertTrue(killer.message().contains("sandbox ended"), killer.message());
        assertEquals(CellStatus.OK, outcome.status(), outcome.message());
        assertEquals("fresh\n", next.stdoutText());
        assertTrue(next.stderrText().contains("a new one was started"), next.stderrText());
    }

    @Test
    void execute_twoSessions_seeNeitherTheOthersProcessesNorItsFiles() throws Exception {
        Executor mine = session("mine");
        Executor other = session("other");
        Thread running = Thread.ofVirtual()
                .start(() -> run(other, "echo secret > /tmp/theirs; sleep " + marker, new RecordingOutput()));
        try {
            Processes.awaitAtLeast(marker, 1);

            String out = ok(
                    mine,
                    "for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline; echo; done\n"
                            + "cat /tmp/theirs 2>/dev/null && echo 'READ theirs'\n"
                            + "ls " + data.resolve("work").resolve("other")
                            + " 2>/dev/null && echo 'LISTED theirs'\ntrue\n");

            assertFalse(out.contains(marker) || out.contains("READ") || out.contains("LISTED"), out);
        } finally {
            other.close();
            running.join(Duration.ofSeconds(30));
        }
        assertEquals(List.of(), Processes.matching(marker));
    }

    @Test
    void execute_cellStillRunningInTheSession_nextCellStartsOnItsOwn() throws Exception {
        Executor session = session("s1");
        Thread running = Thread.ofVirtual()
                .start(() -> run(session, "echo busy > /tmp/mark; sleep " + marker, new RecordingOutput()));
        try {
            Processes.awaitAtLeast(marker, 1);

            String out = ok(
                    session,
                    "cat /tmp/mark 2>/dev/null || echo fresh\n"
                            + "for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline; echo; done\n");

            // two cells never share a namespace: the second one cannot see the first's files or processes
            assertTrue(out.startsWith("fresh\n"), out);
            assertFalse(out.contains(marker), out);
        } finally {
            session.close();
            running.join(Duration.ofSeconds(30));
        }
    }

    @Test
    void execute_nextCellUnderTheSameMonitor_findsNothingTheLastOneLeftAndCannotReachTheMonitor() throws Exception {
        Executor session = session("s1");
        String first = ok(session, "echo monitor=$PPID\n(setsid sleep " + marker + " > /dev/null 2>&1 &)\ntrue\n");

        String second = ok(
                session,
                "echo monitor=$PPID\n"
                        + "for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline; echo; done\n"
                        + "ls /proc/$PPID/fd >/dev/null 2>&1 && echo 'LISTED fds'\n"
                        + "head -c 1 /proc/$PPID/mem >/dev/null 2>&1 && echo 'READ mem'\ntrue\n");

        // the monitor that ran the first cell runs the second (no fork of the zygote) once nothing is left under it
        assertEquals(first.lines().findFirst(), second.lines().findFirst());
        assertFalse(second.contains(marker), second);
        assertFalse(second.contains("LISTED") || second.contains("READ"), second);
        assertEquals(List.of(), Processes.matching(marker));
    }

    @Test
    void execute_cellKillsItsMonitorAndForksOnAndOn_nothingItForkedOutlivesIt() throws Exception {
        Executor session = session("s1");
        // each pass of the kill lists what is under the zygote; the shell forks another sleep between a listing and
        // its kill, which one pass missed and left running
        CellOutcome killer =
                run(session, "kill -9 $PPID; while :; do sleep " + marker + " & done\n", new RecordingOutput());
        String next = ok(session, "for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline; echo; done\n");

        assertEquals(CellStatus.FAILED, killer.status(), killer.message());
        assertFalse(next.contains(marker), next);
        assertEquals(List.of(), Processes.matching(marker));
    }

    @Test
    void execute_cellKillsItsMonitor_isReportedWhatItLeftIsKilledAndTheNextCellRuns() throws Exception {
        Executor session = session("s1");
        ok(session, "echo first > /tmp/mark");

        CellOutcome killer =
                run(session, "sleep " + marker + " &\nkill -9 $PPID; sleep " + marker + "\n", new RecordingOutput());
        String next = ok(session, "cat /tmp/mark; for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline; echo; done\n");

        assertEquals(CellStatus.FAILED, killer.status(), killer.message());
        assertTrue(killer.message().contains("monitor ended"), killer.message());
        assertTrue(next.startsWith("first\n"), next); // the same sandbox
        assertFalse(next.contains(marker), next);
        assertEquals(List.of(), Processes.matching(marker));
    }
}

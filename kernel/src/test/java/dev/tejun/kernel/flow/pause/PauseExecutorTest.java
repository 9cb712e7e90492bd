package dev.tejun.kernel.flow.pause;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.session.RunbookFile;
import dev.tejun.kernel.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Pause cells in a real session with real shell cells after them. */
@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class PauseExecutorTest {

    @TempDir
    Path tmp;

    private Approvals approvals;
    private Session session;

    @BeforeEach
    void open() throws Exception {
        approvals = Approvals.attended(Clock.systemUTC());
        Path book = tmp.resolve("hold.md");
        Files.writeString(book, """
                # Hold

                ```pause {#gate approver=operator}
                Go ahead with the change?
                ```

                ```sh {#after}
                echo went-on > %s
                ```
                """.formatted(tmp.resolve("after.txt")));
        session = session(book, approvals);
    }

    private Session session(Path book, Approvals a) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Session.Services services = new Session.Services(
                new ExecutorRegistry(List.of(new ShellExecutorFactory(), new PauseExecutorFactory(a))),
                new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                ref -> Optional.empty());
        return new Session(
                "hold.md",
                new RunbookFile("hold.md", book),
                Map.of(),
                Files.createDirectories(data.resolve("work")),
                services);
    }

    @AfterEach
    void close() {
        session.close();
    }

    private Approval waiting() throws InterruptedException {
        for (int i = 0; i < 1500; i++) {
            if (!approvals.pending().isEmpty()) {
                return approvals.pending().getFirst();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the pause cell never asked for approval");
    }

    private CellStatus status(String cell) {
        return session.snapshot().cells().get(cell).status();
    }

    @Test
    void execute_approved_endsOkAndTheRunGoesOn() throws Exception {
        Session.RunHandle run = session.run(List.of(), "alice", "test");
        Approval a = waiting();
        assertEquals("Go ahead with the change?", a.message());
        assertEquals("gate", a.cellId());
        assertEquals("operator", a.approver());
        assertEquals(run.runId(), a.runId());

        approvals.decide(a.id(), true, "bob", "looks fine");
        RunFinished done = run.finished().get(30, TimeUnit.SECONDS);

        assertEquals(
                CellStatus.OK,
                done.status(),
                () -> done + " " + session.snapshot().cells());
        assertEquals(CellStatus.OK, status("gate"));
        assertEquals("went-on", Files.readString(tmp.resolve("after.txt")).strip());
        assertTrue(approvals.pending().isEmpty());
        String out = Files.readString(Path.of(done.evidence()).resolve("run.json"));
        assertTrue(out.contains("gate"), out);
    }

    @Test
    void execute_rejected_failsAndStopsTheRun() throws Exception {
        Session.RunHandle run = session.run(List.of(), "alice", "test");
        Approval a = waiting();

        approvals.decide(a.id(), false, "bob", "not today");
        RunFinished done = run.finished().get(30, TimeUnit.SECONDS);

        assertEquals(CellStatus.FAILED, status("gate"));
        assertTrue(session.snapshot().cells().get("gate").message().contains("rejected by bob: not today"));
        assertEquals(CellStatus.SKIPPED, status("after"));
        assertEquals(CellStatus.FAILED, done.status());
        assertFalse(Files.exists(tmp.resolve("after.txt")));
        assertThrows(
                Approvals.NotPending.class,
                () -> approvals.decide(a.id(), true, "carol", "late"),
                "a decided approval cannot be decided again");
    }

    @Test
    void execute_stopped_endsStoppedAndWithdrawsTheApproval() throws Exception {
        Session.RunHandle run = session.run(List.of(), "alice", "test");
        Approval a = waiting();

        session.interrupt();
        run.finished().get(30, TimeUnit.SECONDS);

        assertEquals(CellStatus.STOPPED, status("gate"));
        assertTrue(approvals.pending().isEmpty(), "nobody can approve a cell that no longer waits");
        assertThrows(Approvals.NotPending.class, () -> approvals.decide(a.id(), true, "bob", ""));
    }

    @Test
    void execute_timeout_endsTimedOut() throws Exception {
        Path book = tmp.resolve("short.md");
        Files.writeString(book, "# Short\n\n```pause {#gate timeout=1}\nQuick?\n```\n");
        session.close();
        session = session(book, approvals);

        RunFinished done = session.run(List.of(), "alice", "test").finished().get(30, TimeUnit.SECONDS);

        assertEquals(CellStatus.TIMED_OUT, status("gate"));
        assertEquals(CellStatus.TIMED_OUT, done.status());
        assertTrue(approvals.pending().isEmpty());
    }

    @Test
    void await_decisionBeforeTheCellWaits_isNotLost() throws Exception {
        Approval a = approvals.request("s", "run", "gate", "early?", "approver", null, false, false, null);
        approvals.decide(a.id(), true, "bob", "quick");

        Optional<Decision> d = approvals.await(a.id(), java.time.Duration.ofSeconds(5));

        assertEquals(Optional.of(new Decision(true, "bob", "quick")), d);
        approvals.withdraw(a.id());
        assertThrows(Approvals.NotPending.class, () -> approvals.await(a.id(), null));
    }

    @Test
    void execute_unattended_failsAtOnce() throws Exception {
        session.close();
        session = session(tmp.resolve("hold.md"), Approvals.unattended(Clock.systemUTC()));

        session.run(List.of(), "cron", "cli").finished().get(30, TimeUnit.SECONDS);

        assertEquals(CellStatus.FAILED, status("gate"));
        assertTrue(session.snapshot().cells().get("gate").message().contains("unattended"));
    }
}

package dev.tejun.kernel.exec.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import dev.tejun.kernel.exec.sandbox.Zygote;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sandbox processes started when a notebook opens, ahead of its first shell cell (real bubblewrap and zygotes): the
 * first cell takes its session's, one made for other read-only folders is not used, a session that closes first
 * lets its one go, and no more than {@link ZygotePool#MAX_READY} wait.
 */
class ZygotePoolTest {

    @TempDir
    Path data;

    private final List<Zygote> started = new CopyOnWriteArrayList<>();
    private final ZygotePool pool = new ZygotePool();

    @AfterEach
    void closeAll() {
        pool.close();
        started.forEach(Zygote::close);
    }

    private Callable<Zygote> start(Path work, List<Path> readOnly) {
        CellSandbox sandbox = CellSandbox.configured(data);
        return () -> {
            Zygote z = sandbox.zygote(work, readOnly);
            started.add(z);
            return z;
        };
    }

    private Path work(String name) throws Exception {
        return Files.createDirectories(data.resolve("work").resolve(name)).toRealPath();
    }

    @Test
    void take_theOneMadeForTheSession_aliveAndOnce() throws Exception {
        Path work = work("s1");
        pool.prepare(work, List.of(), start(work, List.of()));
        assertTrue(pool.holds(work));

        Zygote z = pool.take(work, List.of());
        assertNotNull(z);
        assertNull(z.ended(), "alive");
        assertSame(started.getFirst(), z);
        assertFalse(pool.holds(work), "taken");
        assertNull(pool.take(work, List.of()), "once");
        assertNull(pool.take(work("other"), List.of()), "none made for another session");
    }

    @Test
    void take_otherReadOnlyFolders_notUsedAndClosed() throws Exception {
        Path work = work("s1");
        Path folder = Files.createDirectories(data.resolve("runbooks"));
        pool.prepare(work, List.of(folder), start(work, List.of(folder)));

        assertNull(pool.take(work, List.of()), "a cell that sees other folders starts its own");
        assertNotNull(started.getFirst().ended(), "the unused one is closed");
    }

    @Test
    void forget_sessionClosedFirst_itsZygoteCloses() throws Exception {
        Path work = work("s1");
        pool.prepare(work, List.of(), start(work, List.of()));
        pool.forget(work);

        assertFalse(pool.holds(work));
        awaitEnded(0);
    }

    @Test
    void prepare_pastTheBound_theOldestIsClosed() throws Exception {
        for (int i = 0; i <= ZygotePool.MAX_READY; i++) {
            Path work = work("s" + i);
            pool.prepare(work, List.of(), start(work, List.of()));
        }
        assertFalse(pool.holds(work("s0")), "the oldest let go");
        assertTrue(pool.holds(work("s" + ZygotePool.MAX_READY)));
        Zygote newest = pool.take(work("s" + ZygotePool.MAX_READY), List.of());
        assertNotNull(newest);
        // the oldest was started first or close to it: the one that ended is the one let go
        while (started.stream().noneMatch(z -> z.ended() != null)) {
            Thread.sleep(20);
        }
        assertEquals(1, started.stream().filter(z -> z.ended() != null).count());
    }

    @Test
    void firstShellCell_ofAPreparedSession_takesTheZygoteMadeReady() throws Exception {
        Path work = work("s1");
        SessionContext session = new SessionContext("s1", work, data);
        ShellExecutorFactory factory = new ShellExecutorFactory();
        try (Executor executor = factory.create(session)) {
            factory.prepare(session);
            assertTrue(factory.holdsReady(session));

            RecordingOutput out = new RecordingOutput();
            CellOutcome outcome = executor.execute(
                    new CellRequest(
                            "run-1", "c1", "sh", "echo hi", Attributes.NONE, null, Duration.ofSeconds(60), Map.of()),
                    out);
            assertEquals(CellStatus.OK, outcome.status(), outcome.message() + out.stderrText());
            assertEquals("hi\n", out.stdoutText());
            assertFalse(factory.holdsReady(session), "the cell took it");
        } finally {
            factory.close();
        }
    }

    /** Waits until the {@code i}-th zygote started has ended (a close ends it as soon as it has started). */
    private void awaitEnded(int i) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (started.size() <= i || started.get(i).ended() == null) {
            assertTrue(System.nanoTime() < deadline, "the zygote did not end");
            Thread.sleep(20);
        }
    }
}

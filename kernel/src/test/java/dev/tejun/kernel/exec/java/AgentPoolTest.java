package dev.tejun.kernel.exec.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.exec.SessionContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JShell and its JVM made ready before a session's first java cell ({@link AgentPool}): the cell runs in it and no
 * JVM starts for it; a later session's JVM replaces one never taken, which is closed; closing the pool closes the
 * one it holds. Real JShell, real remote JVMs.
 */
class AgentPoolTest {

    @TempDir
    Path data;

    private final AtomicInteger starts = new AtomicInteger();
    private final Map<Path, RemoteShell> made = new ConcurrentHashMap<>();

    /** Starts the agent JVM as a session's executor does, in the session's cell sandbox, counting the starts. */
    private AgentLauncher.Start start(Path work) {
        AgentLauncher.Start sandboxed = JavaExecutorFactory.start(new SessionContext("s", work, data));
        return command -> {
            starts.incrementAndGet();
            return sandboxed.builder(command);
        };
    }

    private Path work(String name) throws IOException {
        return Files.createDirectories(data.resolve("work").resolve(name));
    }

    private Supplier<RemoteShell> make(Path work) {
        return () -> {
            RemoteShell shell = RemoteShell.create(List.of(), start(work), true);
            shell.warm(); // as JavaExecutorFactory.prepare makes it ready
            made.put(work, shell);
            return shell;
        };
    }

    private static String value(JavaExecutor executor, String code) {
        return executor.execute(JavaExecutorTest.request("c", code, null), new RecordingOutput())
                .value();
    }

    /**
     * The thread that made the JShell ready has ended by the time the cell runs: under bubblewrap
     * ({@code --die-with-parent}, whose parent is the starting thread) its JVM must not have ended with it.
     */
    @Test
    void take_afterPrepare_firstCellStartsNoJvm() throws Exception {
        Path work = work("a");
        try (AgentPool pool = new AgentPool()) {
            pool.prepare(work, make(work));
            assertTrue(pool.holds(work));
            awaitReadyThreadsEnded();
            JavaExecutor executor = new JavaExecutor(List.of(), start(work), true, () -> pool.take(work));
            try {
                assertEquals("2", value(executor, "1 + 1"));
                assertEquals("6", value(executor, "int a = 3; a * 2"));
                assertEquals(1, starts.get(), "one JVM started, the one made ready");
                assertFalse(pool.holds(work), "taken");
            } finally {
                executor.close();
            }
        }
    }

    @Test
    void prepare_anotherSession_closesTheUntakenJvm() throws Exception {
        Path first = work("a");
        Path second = work("b");
        try (AgentPool pool = new AgentPool()) {
            pool.prepare(first, make(first));
            pool.prepare(second, make(second));
            assertNull(pool.take(first), "replaced, not kept");
            RemoteShell taken = pool.take(second);
            assertNotNull(taken);
            try {
                assertTrue(taken.alive());
                awaitClosed(first);
            } finally {
                taken.close();
            }
        }
    }

    @Test
    void close_closesTheReadyJvm() throws Exception {
        Path work = work("a");
        AgentPool pool = new AgentPool();
        pool.prepare(work, make(work));
        pool.close();
        awaitClosed(work);
        pool.prepare(work, make(work));
        assertFalse(pool.holds(work), "a closed pool makes nothing ready");
        assertEquals(1, starts.get());
    }

    private static void awaitReadyThreadsEnded() throws InterruptedException {
        for (int i = 0; i < 600 && readyThreads() > 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(0, readyThreads(), "the threads that made JShells ready have ended");
    }

    private static long readyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(AgentPool.THREAD) && t.isAlive())
                .count();
    }

    /** Waits until the shell for {@code work} has been made and closed (a start cannot be cut short, so it ends first). */
    private void awaitClosed(Path work) throws InterruptedException {
        for (int i = 0; i < 600 && (!made.containsKey(work) || made.get(work).alive()); i++) {
            Thread.sleep(100);
        }
        assertTrue(made.containsKey(work), work + ": its JVM was started");
        assertFalse(made.get(work).alive(), work + ": its JVM was closed");
    }
}

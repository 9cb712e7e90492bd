package dev.tejun.kernel.exec.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sandboxed process outlives the thread that asked for it. Under bubblewrap's {@code --die-with-parent} the process
 * is killed when the thread that started it ends; cells are run from virtual threads, whose carrier thread retires
 * after about 30 s idle, so a long cell (or a session's zygote, or its JShell JVM) died with exit 137 mid-run.
 */
class SpawnerTest {

    @TempDir
    Path data;

    @Test
    void start_fromAThreadThatEnds_processLivesOn() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(CellSandbox.MODE_ENV, "bwrap");
        CellSandbox sandbox = CellSandbox.from(env, data);
        assertEquals(CellSandbox.Mode.BWRAP, sandbox.mode(), sandbox.warning().orElse(""));
        Path work = Files.createDirectories(data.resolve("work").resolve("s1"));
        ProcessBuilder builder =
                sandbox.builder(List.of("sleep", "30"), work, work, Map.of(), List.of(), List.of(), false);

        AtomicReference<Process> started = new AtomicReference<>();
        AtomicReference<IOException> failed = new AtomicReference<>();
        Thread asker = Thread.ofPlatform().start(() -> {
            try {
                started.set(CellSandbox.start(builder));
            } catch (IOException e) {
                failed.set(e);
            }
        });
        asker.join();
        Process process = started.get();
        try {
            assertEquals(null, failed.get());
            // bubblewrap gets SIGKILL at once when its parent thread ends; give it time to show
            boolean ended = process.waitFor(2, TimeUnit.SECONDS);

            assertFalse(
                    ended, () -> "the sandboxed process ended with its starting thread, exit " + process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * A start that is slow (a busy machine schedules the JDK's helper process and bubblewrap late) does not hold up
     * the next: with one spawner thread, 100 notebooks opened at once started their sandboxes one behind another.
     */
    @Test
    void start_whileAnotherStartIsStuck_goesAhead() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(CellSandbox.MODE_ENV, "bwrap");
        CellSandbox sandbox = CellSandbox.from(env, data);
        Path work = Files.createDirectories(data.resolve("work").resolve("s2"));
        ProcessBuilder builder = sandbox.builder(List.of("true"), work, work, Map.of(), List.of(), List.of(), false);
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // callers of their own (the common pool may have one thread: the stuck caller would hold up the next)
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<Void> slow = CompletableFuture.runAsync(
                () -> {
                    try {
                        Spawner.onSpawnerThread(
                                () -> {
                                    stuck.countDown();
                                    release.await();
                                    return null;
                                },
                                "a start that hangs");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                callers);
        try {
            assertTrue(stuck.await(5, TimeUnit.SECONDS), "the stuck start never began");

            CompletableFuture<Process> next = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return CellSandbox.start(builder);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    },
                    callers);
            Process process = next.get(5, TimeUnit.SECONDS);

            assertEquals(0, process.waitFor(), "the sandboxed `true` ran");
        } finally {
            release.countDown();
            slow.get(5, TimeUnit.SECONDS);
            callers.close();
        }
    }
}

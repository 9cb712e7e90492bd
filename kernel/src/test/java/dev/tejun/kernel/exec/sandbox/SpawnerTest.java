package dev.tejun.kernel.exec.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
}

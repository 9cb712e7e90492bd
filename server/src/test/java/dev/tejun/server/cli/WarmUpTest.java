package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tejun warm-up --cells N}, in its own JVM as the launcher runs it after a build: a throw-away server runs N
 * java cells (new text each time) and N/4 sh cells through the notebook's socket, each ending ok, and says so. On a
 * JDK with ahead-of-time caches the launcher records that run into the cache its servers start from.
 */
@Tag("e2e")
class WarmUpTest {

    @TempDir
    Path temp;

    private record Ended(int code, String output) {}

    private Ended warmUp(List<String> jvmOptions, String... words) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(
                List.of(java, "--add-exports", "jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED", "-Xlog:aot=off"));
        command.addAll(jvmOptions);
        // jars only, as the launcher's class path is: an ahead-of-time cache is refused for a class path with folders
        String jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .collect(Collectors.joining(File.pathSeparator));
        command.addAll(List.of("-cp", jars, Main.class.getName(), "warm-up"));
        command.addAll(List.of(words));
        Path log = temp.resolve("warm-up.log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "warm-up did not end");
        return new Ended(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void warmUp_withCells_runsThemAllOkThroughTheSocket() throws Exception {
        boolean caches = Runtime.version().feature() >= 25;
        Path cache = temp.resolve("tejun.aot");
        Ended ended = warmUp(caches ? List.of("-XX:AOTCacheOutput=" + cache) : List.of(), "--cells", "8");

        assertEquals(0, ended.code(), ended.output());
        assertTrue(ended.output().contains("tejun warm-up: 10 runs ended ok (8 java, 2 sh)"), ended.output());
        if (caches) {
            assertTrue(Files.size(cache) > 0, "no ahead-of-time cache written: " + ended.output());
        }
    }

    @Test
    void warmUp_badCount_refusedWithItsUsage() throws Exception {
        Ended ended = warmUp(List.of(), "--cells", "many");

        assertNotEquals(0, ended.code());
        assertTrue(ended.output().contains("usage: tejun warm-up [--cells N]"), ended.output());
    }
}

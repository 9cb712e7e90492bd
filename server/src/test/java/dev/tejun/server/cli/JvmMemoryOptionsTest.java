package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The heap options both launchers take from {@code packaging/bin/jvm-memory.sh}: a server takes its whole heap at
 * start and touches it ({@code TEJUN_HEAP}, default 512m) so that its RSS stays flat under load, or as much as
 * {@code TEJUN_START_HEAP} says; the small start and the CLI take none; a real JVM accepts every combination.
 */
class JvmMemoryOptionsTest {

    private static final Path SCRIPT =
            Path.of("..").toAbsolutePath().normalize().resolve("packaging/bin/jvm-memory.sh");

    @Test
    void serve_byDefault_takesAndTouchesIts512MbHeapAtStart() throws Exception {
        assertEquals("-Xmx512m -Xms512m -Xmn128m -XX:+AlwaysPreTouch", options("serve", "", Map.of()));
    }

    @Test
    void serve_withAHeapLimit_takesAllOfItAtStart() throws Exception {
        assertEquals("-Xmx1g -Xms1024m -Xmn256m -XX:+AlwaysPreTouch", options("serve", "1g", Map.of()));
    }

    @Test
    void serve_withASmallerStartUpHeap_touchesThatMuch() throws Exception {
        assertEquals(
                "-Xmx1g -Xms256m -Xmn64m -XX:+AlwaysPreTouch",
                options("serve", "1g", Map.of("TEJUN_START_HEAP", "256m")));
        assertEquals(
                "-Xmx512m -Xms512m -Xmn128m -XX:+AlwaysPreTouch",
                options("serve", "512m", Map.of("TEJUN_START_HEAP", "2g")),
                "never more than the limit");
    }

    @Test
    void serve_withTheSmallStart_onlyLimitsTheHeap() throws Exception {
        assertEquals("-Xmx512m", options("serve", "", Map.of("TEJUN_START_HEAP", "32m")));
        assertEquals("-Xmx100m", options("serve", "100m", Map.of()), "a heap too small to split");
    }

    @Test
    void cliCommands_startSmall() throws Exception {
        assertEquals("-Xmx1g", options("run", "", Map.of()));
        assertEquals("-Xmx2g", options("check", "2g", Map.of("TEJUN_START_HEAP", "512m")));
    }

    @Test
    void everyCombination_isAcceptedByARealJvm() throws Exception {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("TEJUN_START_HEAP", "200m"))) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC"));
            command.addAll(List.of(options("serve", "", env).split(" ")));
            command.add("-version");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(!out.contains("warning"), "no ergonomics warning: " + out);
        }
    }

    private static String options(String command, String heap, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                "bash", "-c", "source \"$1\" && memory_opts \"$2\" \"$3\"", "bash", SCRIPT.toString(), command, heap);
        pb.environment().remove("TEJUN_START_HEAP");
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}

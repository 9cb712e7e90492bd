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
 * The heap options both launchers take from {@code packaging/bin/jvm-memory.sh}: a server touches its start-up heap
 * ({@code TEJUN_START_HEAP}, default 256m) so that its RSS stays flat under load, the small start and the CLI do not,
 * and a real JVM accepts every combination.
 */
class JvmMemoryOptionsTest {

    private static final Path SCRIPT =
            Path.of("..").toAbsolutePath().normalize().resolve("packaging/bin/jvm-memory.sh");

    @Test
    void serve_byDefault_touchesA256MbStartUpHeap() throws Exception {
        assertEquals("-Xmx1g -Xms256m -Xmn64m -XX:+AlwaysPreTouch", options("serve", "1g", Map.of()));
    }

    @Test
    void serve_withALargerStartUpHeap_givesAQuarterToTheYoungGeneration() throws Exception {
        assertEquals(
                "-Xmx2g -Xms512m -Xmn128m -XX:+AlwaysPreTouch",
                options("serve", "2g", Map.of("TEJUN_START_HEAP", "512m")));
    }

    @Test
    void serve_withTheSmallStart_onlyLimitsTheHeap() throws Exception {
        assertEquals("-Xmx1g", options("serve", "1g", Map.of("TEJUN_START_HEAP", "32m")));
    }

    @Test
    void serve_withALimitBelowTheStartUpHeap_onlyLimitsTheHeap() throws Exception {
        assertEquals("-Xmx200m", options("serve", "200m", Map.of()));
    }

    @Test
    void cliCommands_startSmall() throws Exception {
        assertEquals("-Xmx1g", options("run", "1g", Map.of()));
        assertEquals("-Xmx1g", options("check", "1g", Map.of()));
    }

    @Test
    void everyCombination_isAcceptedByARealJvm() throws Exception {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("TEJUN_START_HEAP", "512m"))) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC"));
            command.addAll(List.of(options("serve", "1g", env).split(" ")));
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

package dev.tejun.kernel.exec.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Test helper: finds real processes by a marker in their command line, with {@code pgrep -f}. */
final class Processes {

    private Processes() {}

    /**
     * A sleep duration no other process on the machine uses, so {@code sleep MARKER} can be found by pgrep.
     * GNU sleep takes fractional seconds.
     */
    static String marker() {
        return "300." + (100000 + ThreadLocalRandom.current().nextInt(900000));
    }

    /** Pids of live processes whose command line contains {@code marker}. */
    static List<Long> matching(String marker) throws IOException, InterruptedException {
        Process pgrep = new ProcessBuilder("pgrep", "-f", "--", marker)
                .redirectErrorStream(true)
                .start();
        String out = new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        pgrep.waitFor();
        return out.lines()
                .filter(l -> !l.isBlank())
                .map(String::strip)
                .map(Long::parseLong)
                .toList();
    }

    /** Waits until at least {@code count} processes carry the marker; fails after a generous limit. */
    static void awaitAtLeast(String marker, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (matching(marker).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "expected " + count + " processes with " + marker + ", saw " + matching(marker));
            }
            Thread.sleep(20);
        }
    }

    /** Kills leftovers so a failing test does not leave sleeps behind for the next one. */
    static void cleanUp(String marker) throws IOException, InterruptedException {
        for (long pid : matching(marker)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}

package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A virtual thread that never waits (a long file-system or native call, or plain work) keeps its carrier: with the
 * JDK's default of one carrier per core, as many such threads as cores stop every other virtual thread until they
 * end. The server's setting leaves carriers free for the rest. Each case runs in a JVM of its own, as the setting
 * counts only before the first virtual thread.
 */
class VirtualThreadCarriersTest {

    @TempDir
    Path temp;

    @Test
    void busyVirtualThreads_asManyAsCores_anotherVirtualThreadStillRuns() throws Exception {
        assertEquals("ran beside them", probe("configured"));
    }

    /** The case the setting is for, on the JDK's default: proves the probe sees the difference. */
    @Test
    void jdkDefault_busyVirtualThreadsAsManyAsCores_anotherWaitsForThem() throws Exception {
        assertEquals("waited for them", probe("default"));
    }

    @Test
    void carriers_fourPerCoreAndAtLeastEight() {
        assertEquals(8, VirtualThreadCarriers.carriers(1));
        assertEquals(8, VirtualThreadCarriers.carriers(2));
        assertEquals(64, VirtualThreadCarriers.carriers(16));
    }

    @Test
    void configure_aGivenParallelismIsKept() throws Exception {
        assertEquals("3", probeProperty("-D" + VirtualThreadCarriers.PARALLELISM + "=3"));
        assertEquals(
                String.valueOf(
                        VirtualThreadCarriers.carriers(Runtime.getRuntime().availableProcessors())),
                probeProperty(null));
    }

    private String probe(String mode) throws Exception {
        return run(List.of(Probe.class.getName(), mode));
    }

    private String probeProperty(String option) throws Exception {
        List<String> args = new ArrayList<>();
        if (option != null) {
            args.add(option);
        }
        args.add(Probe.class.getName());
        args.add("property");
        return run(args);
    }

    private String run(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path")));
        command.addAll(args);
        Path out = temp.resolve("probe-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe did not end");
        String text = Files.readString(out).strip();
        assertEquals(0, p.exitValue(), text);
        return text.lines().reduce((a, b) -> b).orElse("");
    }

    /**
     * Starts one busy virtual thread per core, each working until another virtual thread started after them has run
     * (or 3 s have passed), and says whether that one ran while they worked.
     */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            if (args[0].equals("property")) {
                VirtualThreadCarriers.configure();
                System.out.println(System.getProperty(VirtualThreadCarriers.PARALLELISM));
                return;
            }
            if (args[0].equals("configured")) {
                VirtualThreadCarriers.configure();
            }
            int cores = Runtime.getRuntime().availableProcessors();
            AtomicBoolean ran = new AtomicBoolean();
            AtomicInteger sawIt = new AtomicInteger();
            CountDownLatch busy = new CountDownLatch(cores);
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < cores; i++) {
                workers.add(Thread.ofVirtual().start(() -> {
                    busy.countDown();
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                    while (!ran.get() && System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    if (ran.get()) {
                        sawIt.incrementAndGet();
                    }
                }));
            }
            busy.await();
            Thread other = Thread.ofVirtual().start(() -> ran.set(true));
            for (Thread w : workers) {
                w.join();
            }
            other.join();
            System.out.println(sawIt.get() == cores ? "ran beside them" : "waited for them");
        }
    }
}

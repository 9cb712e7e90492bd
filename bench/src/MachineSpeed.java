import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How fast this machine is right now, probed between a benchmark's parts with nothing of it running: the CPU time one
 * thread takes for a fixed piece of work (SHA-256 of 8 MiB and a sort of a million random ints, the best of five),
 * and for creating folders and files where the benchmark's server writes (what a run's evidence does ~13 times).
 *
 * <p>The second is the one that moves here. This VM's disk is ext4 without a journal, and there the kernel's inode
 * allocator passes over every inode freed in the last minute (six, while its table block is unwritten), looking each
 * up: for minutes after a test suite or the last benchmark deleted its ~850 MB folder, a folder and a file cost
 * 200–900 µs of CPU instead of 35–60, and the same build's server spent 4–6 ms of CPU per cell instead of 2
 * (bench/NOTES.md, sixteenth round). A journaled ext4 or XFS has no such pass.
 */
final class MachineSpeed {

    /** µs of CPU per folder and file above which the file system has not settled (35–60 here when it has). */
    static final double SETTLED_US = 120;

    private static final byte[] BYTES = new byte[8 << 20];
    private static final int[] INTS = new Random(14).ints(1 << 20).toArray();

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Path folder;
    private final List<String> probes = new ArrayList<>();
    private int files;

    /**
     * Probes the file system in {@code folder} (its probe files stay there: deleting them would slow what follows).
     * Runs the fixed work until the JIT has compiled it, so that the first probe measures the machine, not the JIT.
     */
    MachineSpeed(Path folder) throws Exception {
        this.folder = Files.createDirectories(folder);
        for (int i = 0; i < 15; i++) {
            work(MessageDigest.getInstance("SHA-256"));
        }
    }

    private static void work(MessageDigest sha) {
        sha.update(BYTES);
        sha.digest();
        Arrays.sort(INTS.clone());
    }

    /** µs of CPU per folder with one small file in it, created in the probed folder (the best of three rounds). */
    double fileSystem() throws Exception {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < 100; i++) {
                Path dir = Files.createDirectory(folder.resolve(Integer.toString(files++)));
                Files.write(dir.resolve("f"), new byte[] {'x'});
            }
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / 1e3 / 100);
        }
        return best;
    }

    /**
     * Waits until creating files costs what it does on a settled file system (see the class comment), at most
     * {@code minutes}; says so on stderr while it waits.
     */
    void awaitSettled(int minutes) throws Exception {
        long deadline = System.nanoTime() + minutes * 60_000_000_000L;
        double us = fileSystem();
        int settled = us <= SETTLED_US ? 1 : 0;
        while (settled < 2 && System.nanoTime() < deadline) { // twice in a row, 15 s apart: one probe can be lucky
            if (us > SETTLED_US) {
                System.err.printf(Locale.ROOT, "the file system has not settled (%.0f µs per folder and file, settled ≤ %.0f):"
                        + " waiting (files deleted in the last minutes; bench/src/MachineSpeed.java)%n", us, SETTLED_US);
            }
            Thread.sleep(15_000);
            us = fileSystem();
            settled = us <= SETTLED_US ? settled + 1 : 0;
        }
    }

    /** Probes now; {@code when} names the moment in the report. */
    void probe(String when) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = threads.getCurrentThreadCpuTime();
            work(sha);
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / 1e6);
        }
        probes.add(String.format(Locale.ROOT, "%s %.1f ms, %.0f µs", when, best, fileSystem()));
    }

    /** The report's line. */
    String line() {
        return "Machine speed (CPU time of one thread, lower is faster: a fixed piece of work — SHA-256 of 8 MiB and a sort"
                + " of 2^20 ints, best of five — and a folder with a file created where the server writes, best of"
                + " three rounds of 100; settled ≤ " + (int) SETTLED_US + " µs, see bench/src/MachineSpeed.java): "
                + String.join("; ", probes) + ".";
    }
}

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.evidence.GitInfo;
import dev.tejun.kernel.evidence.RunInfo;
import dev.tejun.kernel.evidence.RunRecorder;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Issue 18's backup figures: {@code tejun backup} of a TEJUN_HOME with RUNS sealed runs of BYTES of output each
 * (10,000 × 200 KB: 2 GB of evidence; goal ≤ 60 s), and the server's latency meanwhile (goal: within 20 %), as the
 * warm {@code sh} round trip of a notebook on the server that owns the folder, before and during the backup.
 * The runs are recorded through the kernel's evidence recorder (hashed, chained, sealed, keyed with the folder's
 * proof key) before the server starts on the folder; their output is log-like text, which compresses about as real
 * output does. Writes bench/RESULTS-backup.md. Not part of bench/run.
 *   java -cp … bench/src/BackupBench.java REPO [RUNS] [BYTES] [N]
 */
public class BackupBench {
    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int bytes = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        Path work = Files.createTempDirectory("tejun-backup-bench");
        Path home = Files.createDirectories(work.resolve("home"));
        Path runbooks = Files.createDirectories(work.resolve("runbooks"));
        Files.writeString(runbooks.resolve("p.md"), "# p\n\n```sh {#t}\ntrue\n```\n");
        try {
            double made = record(home, runs, bytes);
            long evidenceBytes = size(home.resolve("evidence"));
            System.out.printf("recorded %,d runs, %,d bytes of evidence in %.1f s%n", runs, evidenceBytes, made);
            List<Double> before = new ArrayList<>();
            List<Double> during = new ArrayList<>();
            List<Double> after = new ArrayList<>();
            double loadStart;
            double backupSeconds;
            double backupCpu;
            long archiveBytes;
            String said;
            try (BenchServer server = BenchServer.start(repo, runbooks, home);
                 NotebookClient c = NotebookClient.connect(server, "p.md")) {
                for (int i = 0; i < 100; i++) {
                    c.runOnce("t");
                }
                loadStart = load();
                roundTrips(c, n, before);
                Path archive = work.resolve("backup.tar.gz");
                ProcessBuilder pb = new ProcessBuilder(repo.resolve("tejun").toString(), "backup", "-o", archive.toString())
                        .redirectErrorStream(true);
                pb.environment().put("TEJUN_HOME", home.toString());
                long t0 = System.nanoTime();
                Process backup = pb.start();
                // its end as it happens, not when the round trip under way ends
                var ended = backup.onExit().thenApply(p -> System.nanoTime());
                long ticks = 0;
                while (backup.isAlive()) {
                    roundTrips(c, 1, during);
                    ticks = Math.max(ticks, cpuTicks(backup.pid()));
                }
                backupSeconds = (ended.get() - t0) / 1e9;
                backupCpu = ticks / 100.0;
                said = new String(backup.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (backup.waitFor() != 0) {
                    throw new IllegalStateException("tejun backup failed: " + said);
                }
                archiveBytes = Files.size(archive);
                roundTrips(c, n, after);
            }
            double loadEnd = load();
            Stats b = Stats.of(before);
            Stats d = Stats.of(during);
            Stats a = Stats.of(after);
            String out = "# Backup figures (issue 18)\n\n"
                    + "`bench/backup " + runs + " " + bytes + " " + n + "`, " + java.time.LocalDate.now() + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores, load average "
                    + String.format("%.1f → %.1f", loadStart, loadEnd)
                    + " (the machine is shared with other engineers' builds and tests).\n\n"
                    + "| figure | measured | goal |\n|---|---|---|\n"
                    + String.format("| `tejun backup` of %,d runs, %,d bytes of evidence (archive %,d bytes) | %.1f s | ≤ 60 s |%n",
                            runs, evidenceBytes, archiveBytes, backupSeconds)
                    + String.format("| the backup process's own CPU time (sampled between round trips: at least) | %.1f s | — |%n",
                            backupCpu)
                    + String.format("| warm `sh` round trip during the backup against before it, median | %+.1f %% | within 20 %% |%n",
                            (d.p50() / b.p50() - 1) * 100)
                    + String.format("| the same, p90 | %+.1f %% | — |%n", (d.p90() / b.p90() - 1) * 100)
                    + "\n## Warm `sh` `true` round trip on the server that owns the folder (ms)\n\n"
                    + "| when | n | median | p90 | p99 | spread (min–max) |\n|---|---|---|---|---|---|\n"
                    + "| before the backup | " + b.cells(1) + " |\n"
                    + "| during the backup | " + d.cells(1) + " |\n"
                    + "| after the backup | " + a.cells(1) + " |\n\n"
                    + "The runs were recorded through the kernel's recorder in " + String.format("%.1f s", made)
                    + " before the server started on the folder. `tejun backup` said: `" + said + "`\n";
            Files.writeString(repo.resolve("bench/RESULTS-backup.md"), out);
            System.out.print(out);
        } finally {
            BenchServer.remove(work);
        }
    }

    /** Records {@code runs} sealed runs of {@code bytes} of log-like output each into {@code home}'s evidence. */
    private static double record(Path home, int runs, int bytes) throws Exception {
        EvidenceStore store = new EvidenceStore(home.resolve("evidence"), Clock.systemUTC());
        Random random = new Random(18);
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            byte[] out = logText(random, bytes);
            String runId = store.newRunId();
            var now = java.time.Instant.now();
            try (RunRecorder r = store.begin(new RunInfo(
                    runId, "ops/patch.md", "```sh {#a}\n./patch.sh\n```\n".getBytes(StandardCharsets.UTF_8),
                    GitInfo.NONE, Map.of("n", String.valueOf(i)), "bench", "cli", now))) {
                r.cellStarted(new CellStarted(1, now, runId, "a", "sh", "./patch.sh\n"));
                r.output("a", Stream.STDOUT, null, out, 0, out.length);
                r.cellFinished(new CellFinished(2, now, runId, "a", CellStatus.OK, 0, 3, null));
                r.finish(CellStatus.OK);
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Lines as a patch run prints them: times, hosts, packages, versions (compresses as real logs do, ~5-10×). */
    private static byte[] logText(Random random, int bytes) {
        StringBuilder sb = new StringBuilder(bytes + 200);
        String[] words = {"Unpacking", "Setting up", "Preparing", "Processing triggers for", "Selecting", "Get:"};
        while (sb.length() < bytes) {
            sb.append(String.format("2026-12-04T%02d:%02d:%02d.%03dZ web%02d %s libpkg%d-%d (%d.%d.%d-%d) %08x%n",
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1000), random.nextInt(40),
                    words[random.nextInt(words.length)], random.nextInt(500), random.nextInt(9), random.nextInt(10),
                    random.nextInt(30), random.nextInt(100), random.nextInt(9), random.nextInt()));
        }
        sb.setLength(bytes);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long size(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** n round trips into {@code times}; a try that met a session still finishing ("busy") is made again, not timed. */
    private static void roundTrips(NotebookClient c, int n, List<Double> times) throws Exception {
        int target = times.size() + n;
        while (times.size() < target) {
            long t0 = System.nanoTime();
            try {
                c.run("t", Duration.ofSeconds(5));
                times.add((System.nanoTime() - t0) / 1e6);
            } catch (Exception busy) {
                Thread.sleep(50);
            }
        }
    }

    /** utime + stime of a living process, in clock ticks (100 a second on Linux); 0 once it is gone. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception gone) {
            return 0;
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.evidence.EvidenceVerifier;
import dev.tejun.kernel.evidence.GitInfo;
import dev.tejun.kernel.evidence.RunInfo;
import dev.tejun.kernel.evidence.RunRecorder;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.kernel.retention.Pruner;
import dev.tejun.kernel.retention.RetentionRules;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;

/** Issue 23 §6's figures: prune of N runs to KEEP, then verify of the evidence folder (kept and pruned runs). */
public class PruneBench {

    /** A clock a minute further at each run, so run ids sort by start and never collide. */
    static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        int bytes = Integer.parseInt(args[2]);
        int keep = Integer.parseInt(args[3]);
        Path data = Files.createTempDirectory("tejun-prune-bench");
        Path evidence = data.resolve("evidence");
        StepClock clock = new StepClock();
        EvidenceStore store = new EvidenceStore(evidence, clock);
        byte[] out = "x".repeat(bytes).getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            clock.now = clock.now.plus(Duration.ofMinutes(1));
            String runId = store.newRunId();
            try (RunRecorder r = store.begin(new RunInfo(
                    runId, "ops/patch.md", "```sh {#a}\necho x\n```\n".getBytes(StandardCharsets.UTF_8),
                    GitInfo.NONE, Map.of("n", String.valueOf(i)), "bench", "cli", clock.now))) {
                r.cellStarted(new CellStarted(1, clock.now, runId, "a", "sh", "echo x\n"));
                r.output("a", Stream.STDOUT, null, out, 0, out.length);
                r.cellFinished(new CellFinished(2, clock.now, runId, "a", CellStatus.OK, 0, 3, null));
                r.finish(CellStatus.OK);
            }
        }
        double made = (System.nanoTime() - t0) / 1e9;
        System.out.printf("made %d runs of %d bytes in %.1f s%n", runs, bytes, made);

        long p0 = System.nanoTime();
        Pruner.Report report = Pruner.prune(
                evidence, ProofKey.open(data), RetentionRules.parse("default: { keep-runs: " + keep + " }"),
                Set.of(), clock.now, data.resolve("archive"), false);
        double pruned = (System.nanoTime() - p0) / 1e9;
        System.out.printf("pruned %d runs (%d bytes) in %.1f s%n", report.pruned().size(), report.bytes(), pruned);

        long v0 = System.nanoTime();
        EvidenceVerifier.Result verified = EvidenceVerifier.verifyAll(evidence);
        double verify = (System.nanoTime() - v0) / 1e9;
        System.out.printf("verified %d runs (%d pruned) in %.1f s: %s%n", verified.runsChecked(),
                verified.pruned().size(), verify, verified.ok() ? "ok" : verified.problems().subList(0, 3));

        StringBuilder md = new StringBuilder("# Retention figures (issue 23 §6)\n\n");
        md.append("`bench/prune ").append(runs).append(' ').append(bytes).append(' ').append(keep).append("` on ")
                .append(java.time.LocalDate.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, load average ")
                .append(String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(" at the end (the machine shared with other builds: read the figures with that in mind).\n\n")
                .append("| step | figure | goal |\n|---|---|---|\n")
                .append(String.format("| record %,d sealed runs, %,d bytes of output each | %.1f s | — |%n", runs, bytes, made))
                .append(String.format("| prune to the newest %,d (%,d runs, %,d bytes removed) | %.1f s | ≤ 60 s for 20 GB |%n",
                        keep, report.pruned().size(), report.bytes(), pruned))
                .append(String.format("| verify the folder: %,d runs, %,d of them pruned | %.1f s (%s) | ≤ 10 s |%n",
                        verified.runsChecked(), verified.pruned().size(), verify, verified.ok() ? "intact" : "PROBLEMS"))
                .append("\nThe prune removes output files only (each run's manifest, run.json, results and a keyed ")
                .append("pruned.json stay), so its time grows with the number of files, not their size; verify ")
                .append("hashes the kept runs' whole output and only the small remaining files of pruned runs, ")
                .append("each file read once (several runs at once), then checks the chain and the MACs from what ")
                .append("it read.\n");
        Files.writeString(repo.resolve("bench/RESULTS-retention.md"), md.toString());
        try (var walk = Files.walk(data)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

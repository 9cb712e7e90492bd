package dev.tejun.kernel.retention;

import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.EvidenceVerifier;
import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.evidence.ManifestJson;
import dev.tejun.kernel.evidence.PrunedMark;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.kernel.evidence.RunsInParallel;
import dev.tejun.kernel.proof.ProofKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies {@link RetentionRules} to the evidence folder: every sealed run its runbook's policy no longer keeps, and
 * no legal hold covers, loses its output files (raw streams, chunk indexes, artifacts). What proves the run stays:
 * {@code run.json}, the runbook as it ran, each cell's input and result, the manifest and its MAC, and a keyed
 * {@link PrunedMark} written before anything is removed (a prune cut off half way leaves files the mark lists still
 * there, which verification accepts). Runs still going on (no manifest) are never touched.
 */
public final class Pruner {

    /**
     * What a prune did (or, with {@code dryRun}, would do).
     *
     * @param runsSeen      sealed runs looked at
     * @param alreadyPruned runs pruned before
     * @param pruned        runs pruned now, oldest first
     * @param held          runs the policy would prune that a legal hold kept
     * @param bytes         bytes of output removed (or to be removed)
     * @param archive       the archive written, or null
     */
    public record Report(
            int runsSeen,
            int alreadyPruned,
            List<String> pruned,
            List<String> held,
            long bytes,
            Path archive,
            boolean dryRun) {}

    private record Candidate(String runId, String policy, List<String> outputs, long bytes) {}

    private Pruner() {}

    /**
     * Prunes {@code evidenceRoot}; with {@code rules.archive()} the runs go into a new archive in {@code archiveDir}
     * first. {@code held}: the run ids legal holds cover.
     */
    public static Report prune(
            Path evidenceRoot,
            ProofKey key,
            RetentionRules rules,
            Set<String> held,
            Instant now,
            Path archiveDir,
            boolean dryRun)
            throws IOException {
        Map<String, List<RunJson>> byRunbook = new LinkedHashMap<>();
        int seen = 0;
        int already = 0;
        List<RunJson> sealed = RunsInParallel.map(EvidenceVerifier.runIds(evidenceRoot), runId -> {
            Path dir = evidenceRoot.resolve(runId);
            // runs going on, or cut off and not sealed yet, have no manifest: left alone
            return Files.isRegularFile(dir.resolve(Manifest.FILE)) ? EvidenceLayout.readRun(dir) : null;
        });
        for (RunJson run : sealed) {
            if (run == null) {
                continue;
            }
            seen++;
            byRunbook
                    .computeIfAbsent(String.valueOf(run.runbook()), k -> new ArrayList<>())
                    .add(run);
        }
        List<Candidate> candidates = new ArrayList<>();
        List<String> keptByHold = new ArrayList<>();
        for (Map.Entry<String, List<RunJson>> e : byRunbook.entrySet()) {
            RetentionRules.Policy policy = rules.policyOf(e.getKey());
            List<RunJson> newestFirst = e.getValue().stream()
                    .sorted(Comparator.comparing(RunJson::runId).reversed())
                    .toList();
            for (int i = 0; i < newestFirst.size(); i++) {
                RunJson run = newestFirst.get(i);
                Path dir = evidenceRoot.resolve(run.runId());
                if (policy.keeps(i, run.startedAt(), now)) {
                    continue;
                }
                if (Files.isRegularFile(dir.resolve(PrunedMark.FILE))) {
                    already++;
                } else if (held.contains(run.runId())) {
                    keptByHold.add(run.runId());
                } else {
                    candidates.add(candidate(dir, policy.describe()));
                }
            }
        }
        candidates.sort(Comparator.comparing(Candidate::runId));
        long bytes = candidates.stream().mapToLong(Candidate::bytes).sum();
        List<String> ids = candidates.stream().map(Candidate::runId).toList();
        keptByHold.sort(Comparator.naturalOrder());
        if (dryRun || candidates.isEmpty()) {
            return new Report(seen, already, ids, keptByHold, bytes, null, dryRun);
        }
        Path archive = rules.archive() ? EvidenceArchive.pack(evidenceRoot, ids, archiveDir, now) : null;
        String archiveHash = archive == null ? null : EvidenceArchive.sha256(archive);
        // each run is marked, then loses its output, on its own: several at once (a few threads, see RunsInParallel)
        RunsInParallel.map(candidates, c -> {
            Path dir = evidenceRoot.resolve(c.runId());
            new PrunedMark(
                            c.runId(),
                            Manifest.sha256(dir.resolve(Manifest.FILE)),
                            now,
                            c.policy(),
                            archive == null ? null : archive.getFileName().toString(),
                            archiveHash,
                            c.outputs())
                    .write(dir, key);
            for (String rel : c.outputs()) {
                Files.deleteIfExists(dir.resolve(rel));
            }
            return c;
        });
        return new Report(seen, already, ids, keptByHold, bytes, archive, false);
    }

    /** The run's output files as its manifest lists them, and their size now. */
    private static Candidate candidate(Path dir, String policy) throws IOException {
        ManifestJson manifest = Manifest.read(dir);
        List<String> outputs = new ArrayList<>();
        long bytes = 0;
        for (String rel : manifest.files().keySet()) {
            if (isOutput(rel)) {
                outputs.add(rel);
                Path f = dir.resolve(rel);
                bytes += Files.isRegularFile(f) ? Files.size(f) : 0;
            }
        }
        return new Candidate(dir.getFileName().toString(), policy, outputs, bytes);
    }

    /** Raw streams, chunk indexes and artifacts: what a cell wrote, not what proves the run happened. */
    static boolean isOutput(String rel) {
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        return rel.startsWith(EvidenceLayout.CELLS + "/")
                && (name.endsWith(".bin")
                        || name.equals(EvidenceLayout.CHUNKS)
                        || rel.contains("/" + EvidenceLayout.ARTIFACTS + "/"));
    }
}

package dev.tejun.kernel.evidence;

import java.time.Instant;
import java.util.List;

/**
 * What a sealed run's row in a run index says, as the run's recorder held it in memory when it sealed the run: the
 * same values a reader gets back from {@code run.json}, the cells' {@code result.json} and the manifest, without
 * reading them ({@link EvidenceStore#sealedSummary}).
 *
 * @param hosts          the hosts of its fan-out cells, sorted, each once
 * @param manifestSha256 the SHA-256 of its {@code manifest.json}
 */
public record RunSummary(
        String runId,
        String runbook,
        String user,
        String via,
        String status,
        String runbookSha256,
        String manifestSha256,
        String gitCommit,
        List<String> hosts,
        Instant startedAt,
        Instant finishedAt) {

    public RunSummary {
        hosts = List.copyOf(hosts);
    }

    /** What {@code run} (a run's {@code run.json}) says, with its manifest's hash and its hosts (sorted). */
    public static RunSummary of(RunJson run, String manifestSha256, java.util.SortedSet<String> hosts) {
        return new RunSummary(
                run.runId(),
                run.runbook(),
                run.user(),
                run.via(),
                run.status(),
                run.sha256(),
                manifestSha256,
                run.gitCommit(),
                List.copyOf(hosts),
                run.startedAt(),
                run.finishedAt());
    }
}

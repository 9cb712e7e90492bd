package dev.tejun.kernel.compare;

import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.PrunedMark;
import dev.tejun.kernel.evidence.RunJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One cell's evidence lined up across versions of its runbook: for each version of the file that ran (its SHA-256,
 * and the Git commit the run recorded), the newest run of that version that ran the cell, with the code as it ran
 * and its output — "this cell's output at commit A, and at commit B". Runs are lined up by cell id, so a cell that
 * moved or whose neighbours changed is still the same cell. Read from evidence only.
 *
 * @param versions newest version first
 */
public record CellAcrossVersions(String runbook, String cellId, List<Version> versions) {

    /** How much of each stream and of the code is kept: the end, where a failure shows. */
    static final int TAIL = 4000;

    /**
     * The cell in the newest run of one version of the runbook.
     *
     * @param sha256    the runbook text's SHA-256 in that run
     * @param gitCommit the commit the run recorded (HEAD of the file's repository), or null
     * @param modified  whether the file differed from that commit when it ran
     * @param input     the code as it ran (substituted, secrets masked), its end when long
     * @param outputs   each stream file's text, its end when long; empty when the run's output was pruned
     * @param runs      how many runs of this version ran the cell
     */
    public record Version(
            String sha256,
            String gitCommit,
            boolean modified,
            String runId,
            Instant startedAt,
            String status,
            Long durationMillis,
            String input,
            Map<String, String> outputs,
            boolean pruned,
            int runs) {}

    /**
     * @param runDirs where a run's evidence folder is (null: nowhere), whichever server's folder holds it
     * @param runIds the runbook's runs, newest first (from the run index); runs without the cell, unreadable or of
     *               another runbook are passed over
     */
    public static CellAcrossVersions of(
            java.util.function.Function<String, Path> runDirs, String runbook, String cellId, List<String> runIds)
            throws IOException {
        Map<String, Version> bySha = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String runId : runIds) {
            Path dir = runDirs.apply(runId);
            if (dir == null || !seen.add(runId) || !Files.isRegularFile(EvidenceLayout.runJson(dir))) {
                continue;
            }
            RunJson run;
            try {
                run = EvidenceLayout.readRun(dir);
            } catch (IOException e) {
                continue; // a run whose record cannot be read is not lined up; its own page says why
            }
            Optional<RunJson.CellEntry> cell =
                    run.cells().stream().filter(c -> c.cellId().equals(cellId)).findFirst();
            if (cell.isEmpty() || run.sha256() == null || !runbook.equals(run.runbook())) {
                continue;
            }
            counts.merge(run.sha256(), 1, Integer::sum);
            if (!bySha.containsKey(run.sha256())) {
                bySha.put(run.sha256(), version(dir, run, cell.get()));
            }
        }
        List<Version> versions = new ArrayList<>();
        bySha.forEach((sha, v) -> versions.add(new Version(
                v.sha256(),
                v.gitCommit(),
                v.modified(),
                v.runId(),
                v.startedAt(),
                v.status(),
                v.durationMillis(),
                v.input(),
                v.outputs(),
                v.pruned(),
                counts.get(sha))));
        return new CellAcrossVersions(runbook, cellId, versions);
    }

    private static Version version(Path dir, RunJson run, RunJson.CellEntry cell) throws IOException {
        boolean pruned = Files.isRegularFile(dir.resolve(PrunedMark.FILE));
        Map<String, String> outputs = new LinkedHashMap<>();
        if (!pruned) {
            RunComparison.streams(dir, cell).forEach((file, text) -> outputs.put(file, tail(text)));
        }
        String input = "";
        Optional<Path> cellDir = EvidenceLayout.cellDir(dir, cell);
        if (cellDir.isPresent() && Files.isRegularFile(EvidenceLayout.input(cellDir.get()))) {
            input = tail(new String(Files.readAllBytes(EvidenceLayout.input(cellDir.get())), StandardCharsets.UTF_8));
        }
        return new Version(
                run.sha256(),
                run.gitCommit(),
                run.gitModified(),
                run.runId(),
                run.startedAt(),
                cell.status(),
                cell.durationMillis(),
                input,
                outputs,
                pruned,
                1);
    }

    private static String tail(String text) {
        return text.length() <= TAIL ? text : "…" + text.substring(text.length() - TAIL);
    }
}

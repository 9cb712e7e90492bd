package dev.tejun.kernel.compare;

import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.evidence.PrunedMark;
import dev.tejun.kernel.evidence.RunIds;
import dev.tejun.kernel.evidence.RunJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Two runs side by side, read from their evidence: what differs in params and commit, and per cell (lined up by
 * id) status, duration and a line diff of each output stream file ({@code stdout.bin}, {@code web1.stdout.bin} …).
 * A pruned run's output is gone: its streams are reported as pruned, not as empty.
 *
 * @param params each param whose value differs: name → [value in A, value in B] (null where a run has none)
 */
public record RunComparison(RunJson a, RunJson b, Map<String, List<String>> params, List<CellDiff> cells) {

    /** Stream files larger than this are compared by hash, not line by line. */
    static final long MAX_BYTES = 8L * 1024 * 1024;

    /**
     * One cell of either run; {@code streams} maps each stream file of either run to its diff lines (empty: same).
     */
    public record CellDiff(
            String cellId,
            String statusA,
            String statusB,
            Long durationA,
            Long durationB,
            Map<String, List<String>> streams) {}

    /** Compares runs {@code idA} and {@code idB} under {@code evidenceRoot}; unknown ids are refused by name. */
    public static RunComparison of(Path evidenceRoot, String idA, String idB) throws IOException {
        Path dirA = runDir(evidenceRoot, idA);
        Path dirB = runDir(evidenceRoot, idB);
        RunJson a = EvidenceLayout.readRun(dirA);
        RunJson b = EvidenceLayout.readRun(dirB);
        Map<String, List<String>> params = new LinkedHashMap<>();
        Set<String> names = new TreeSet<>(a.params().keySet());
        names.addAll(b.params().keySet());
        for (String n : names) {
            if (!Objects.equals(a.params().get(n), b.params().get(n))) {
                params.put(
                        n, java.util.Arrays.asList(a.params().get(n), b.params().get(n)));
            }
        }
        Map<String, RunJson.CellEntry> cellsA = byId(a);
        Map<String, RunJson.CellEntry> cellsB = byId(b);
        Set<String> ids = new LinkedHashSet<>(cellsA.keySet());
        ids.addAll(cellsB.keySet());
        boolean prunedA = Files.isRegularFile(dirA.resolve(PrunedMark.FILE));
        boolean prunedB = Files.isRegularFile(dirB.resolve(PrunedMark.FILE));
        List<CellDiff> cells = new ArrayList<>();
        for (String id : ids) {
            RunJson.CellEntry ca = cellsA.get(id);
            RunJson.CellEntry cb = cellsB.get(id);
            Map<String, String> outA = streams(dirA, ca);
            Map<String, String> outB = streams(dirB, cb);
            Map<String, List<String>> diffs = new LinkedHashMap<>();
            Set<String> files = new TreeSet<>(outA.keySet());
            files.addAll(outB.keySet());
            for (String f : files) {
                if ((prunedA && ca != null) || (prunedB && cb != null)) {
                    diffs.put(f, List.of("~ output pruned by retention in run " + (prunedA ? a.runId() : b.runId())));
                } else {
                    diffs.put(f, LineDiff.of(outA.getOrDefault(f, ""), outB.getOrDefault(f, "")));
                }
            }
            cells.add(new CellDiff(
                    id,
                    ca == null ? null : ca.status(),
                    cb == null ? null : cb.status(),
                    ca == null ? null : ca.durationMillis(),
                    cb == null ? null : cb.durationMillis(),
                    diffs));
        }
        return new RunComparison(a, b, params, cells);
    }

    /** As text, for the CLI. */
    public String text() {
        StringBuilder s = new StringBuilder();
        s.append("A ")
                .append(a.runId())
                .append("  ")
                .append(a.runbook())
                .append("  ")
                .append(a.status())
                .append("  commit ")
                .append(Objects.requireNonNullElse(a.gitCommit(), "-"))
                .append('\n');
        s.append("B ")
                .append(b.runId())
                .append("  ")
                .append(b.runbook())
                .append("  ")
                .append(b.status())
                .append("  commit ")
                .append(Objects.requireNonNullElse(b.gitCommit(), "-"))
                .append('\n');
        if (!Objects.equals(a.sha256(), b.sha256())) {
            s.append("runbook text differs (sha256 ")
                    .append(a.sha256())
                    .append(" / ")
                    .append(b.sha256())
                    .append(")\n");
        }
        s.append(params.isEmpty() ? "params: same\n" : "params:\n");
        params.forEach((n, v) -> s.append("  ")
                .append(n)
                .append(": ")
                .append(v.get(0))
                .append(" -> ")
                .append(v.get(1))
                .append('\n'));
        s.append("cells:\n");
        for (CellDiff c : cells) {
            s.append("  ")
                    .append(c.cellId())
                    .append(": ")
                    .append(c.statusA())
                    .append(' ')
                    .append(ms(c.durationA()))
                    .append(" -> ")
                    .append(c.statusB())
                    .append(' ')
                    .append(ms(c.durationB()))
                    .append('\n');
            c.streams().forEach((f, lines) -> {
                if (!lines.isEmpty()) {
                    s.append("    ").append(f).append(":\n");
                    lines.forEach(l -> s.append("      ").append(l).append('\n'));
                }
            });
        }
        return s.toString();
    }

    private static String ms(Long millis) {
        return millis == null ? "" : millis + " ms";
    }

    private static Path runDir(Path root, String runId) {
        Path dir = root.resolve(runId);
        if (!RunIds.isRunId(runId) || !Files.isRegularFile(EvidenceLayout.runJson(dir))) {
            throw new IllegalArgumentException("no run " + runId);
        }
        return dir;
    }

    private static Map<String, RunJson.CellEntry> byId(RunJson run) {
        Map<String, RunJson.CellEntry> out = new LinkedHashMap<>();
        run.cells().forEach(c -> out.putIfAbsent(c.cellId(), c));
        return out;
    }

    /** The cell's stream files by name ({@code stdout.bin}, {@code web1.stdout.bin} …), as text (invalid UTF-8 replaced). */
    static Map<String, String> streams(Path runDir, RunJson.CellEntry cell) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (cell == null) {
            return out;
        }
        Optional<Path> dir = EvidenceLayout.cellDir(runDir, cell);
        if (dir.isEmpty()) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir.get())) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".bin"))
                    .sorted()
                    .toList()) {
                long size = Files.size(f);
                // a huge output is compared by its hash: the diff of gigabytes is not what a person reads here
                out.put(
                        f.getFileName().toString(),
                        size > MAX_BYTES
                                ? "(" + size + " bytes, sha256 " + Manifest.sha256(f) + ": too large to diff here)\n"
                                : new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}

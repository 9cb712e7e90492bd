package dev.tejun.kernel.retry;

import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.ResultJson;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.kernel.secret.MaskingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fields ({@code stdout}, {@code exit}, {@code status}, {@code value}) that the cells of an earlier run left, read
 * back from its evidence, so that a run going on from it ({@link RetryPlan}) finds {@code ${cells.ID.field}} of the
 * cells it does not run again as the first run's later cells found them. A run that itself went on from another is
 * read after that one (oldest first), so a resume of a resume still sees the first run's cells. Evidence keeps output
 * masked, as the session kept it; a value is masked there too, while the session had it whole, so a value that held
 * a secret (the mask in it) is not read back. A cell with no value read back (none kept, or a secret in it) answers
 * no {@code value}: a reference to it fails the cell, naming it, rather than pass the mask on as data.
 */
public final class RecordedFields {

    /** As much stdout as a session keeps for {@code ${cells.ID.stdout}}. */
    static final int STDOUT_LIMIT = 1 << 20;
    /** How far back a chain of retries and resumes is followed. */
    static final int MAX_CHAIN = 50;

    private static final Set<String> NOT_RUN = Set.of("SKIPPED", "FROZEN", "QUEUED", "IDLE");

    private RecordedFields() {}

    /** By cell id, the fields run {@code runId}'s cells left (and those of the runs it went on from). */
    public static Map<String, Map<String, String>> of(Path evidenceRoot, String runId) throws IOException {
        Deque<RunJson> chain = new ArrayDeque<>();
        String next = runId;
        while (next != null && chain.size() < MAX_CHAIN) {
            Path dir = evidenceRoot.resolve(next);
            if (!Files.isRegularFile(EvidenceLayout.runJson(dir))) {
                break; // an older run pruned away: what is left still counts
            }
            RunJson run = EvidenceLayout.readRun(dir);
            chain.push(run);
            next = run.retryOf() == null ? null : run.retryOf().runId();
        }
        Map<String, Map<String, String>> fields = new LinkedHashMap<>();
        for (RunJson run : chain) {
            Path dir = evidenceRoot.resolve(run.runId());
            for (RunJson.CellEntry cell : run.cells()) {
                if (NOT_RUN.contains(cell.status())) {
                    continue;
                }
                Optional<Path> cellDir = EvidenceLayout.cellDir(dir, cell);
                if (cellDir.isEmpty()) {
                    continue;
                }
                Optional<ResultJson> result = EvidenceLayout.readResult(cellDir.get());
                Integer exit = result.map(ResultJson::exitCode).orElse(cell.exitCode());
                Map<String, String> f = new LinkedHashMap<>();
                f.put("stdout", stdoutField(stdout(cellDir.get())));
                f.put("exit", exit == null ? "" : exit.toString());
                f.put("status", cell.status().toLowerCase());
                // a value that held a secret was kept masked: never hand the mask on as if it were the value
                result.map(ResultJson::value)
                        .filter(v -> !v.contains(MaskingOutput.MASK))
                        .ifPresent(v -> f.put("value", v));
                fields.put(cell.cellId(), f);
            }
        }
        return fields;
    }

    private static String stdout(Path cellDir) throws IOException {
        Path file = cellDir.resolve(EvidenceLayout.streamFile("stdout", null));
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(STDOUT_LIMIT), StandardCharsets.UTF_8);
        }
    }

    /** {@code ${cells.ID.stdout}} of a cell that wrote {@code s}: without its final line break. */
    public static String stdoutField(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - (s.endsWith("\r\n") ? 2 : 1)) : s;
    }
}

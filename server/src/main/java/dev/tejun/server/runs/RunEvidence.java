package dev.tejun.server.runs;

import dev.tejun.kernel.compare.CellAcrossVersions;
import dev.tejun.server.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the files of a run in the evidence folder. Every name from a request is checked against a strict
 * pattern before it touches the file system, and every path is checked to lie inside the evidence folder.
 */
public final class RunEvidence {

    /** What {@code EvidenceStore.newRunId()} makes: {@code 20260101-120000-a1b2c3}. */
    static final Pattern RUN_ID = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{6}");
    /** Cell ids as evidence stores them (other characters become {@code _} there). */
    static final Pattern CELL_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}");

    static final Pattern STREAM = Pattern.compile("stdout|stderr");

    private final Path root;

    public RunEvidence(Path evidenceRoot) {
        this.root = evidenceRoot.toAbsolutePath().normalize();
    }

    /** Whether this server's evidence has run {@code runId} (a valid id; another server's runs are elsewhere). */
    public boolean has(String runId) {
        return Files.isRegularFile(confined(runDir(runId).resolve("run.json")));
    }

    /** The run's {@code run.json}. */
    public Path runJson(String runId) {
        Path file = confined(runDir(runId).resolve("run.json"));
        if (!Files.isRegularFile(file)) {
            throw ApiException.notFound("no run " + runId);
        }
        return file;
    }

    /**
     * Cell {@code cellId} of {@code runbook} lined up across the runbook's versions, from its runs {@code runIds}
     * (newest first); 400 for a cell id evidence could not hold.
     */
    public CellAcrossVersions acrossVersions(String runbook, String cellId, List<String> runIds) throws IOException {
        if (cellId == null || !CELL_ID.matcher(cellId).matches()) {
            throw ApiException.badRequest("cell= needs a cell id");
        }
        List<String> valid =
                runIds.stream().filter(id -> RUN_ID.matcher(id).matches()).toList();
        return CellAcrossVersions.of(root, runbook, cellId, valid);
    }

    /** The raw output file of a cell's stream; empty when the cell ran but wrote nothing to that stream. */
    public Optional<Path> output(String runId, String cellId, String stream) throws IOException {
        require(CELL_ID, cellId, "cell id");
        require(STREAM, stream, "stream (stdout or stderr)");
        Path cells = confined(runDir(runId).resolve("cells"));
        if (!Files.isDirectory(cells)) {
            throw ApiException.notFound("no run " + runId);
        }
        Pattern dirName = Pattern.compile("\\d+-" + Pattern.quote(cellId));
        Path cellDir;
        try (Stream<Path> dirs = Files.list(cells)) {
            cellDir = dirs.filter(
                            d -> dirName.matcher(d.getFileName().toString()).matches())
                    .sorted()
                    .findFirst()
                    .orElseThrow(() -> ApiException.notFound("no cell " + cellId + " in run " + runId));
        }
        Path file = confined(cellDir.resolve(stream + ".bin"));
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private Path runDir(String runId) {
        require(RUN_ID, runId, "run id");
        return root.resolve(runId);
    }

    private Path confined(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        boolean inside = normal.startsWith(root);
        try {
            if (inside && Files.exists(normal)) {
                inside = normal.toRealPath().startsWith(root.toRealPath());
            }
        } catch (IOException e) {
            inside = false;
        }
        if (!inside) {
            throw ApiException.badRequest("outside the evidence folder");
        }
        return normal;
    }

    private static void require(Pattern pattern, String value, String what) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw ApiException.badRequest("not a valid " + what + ": " + value);
        }
    }
}

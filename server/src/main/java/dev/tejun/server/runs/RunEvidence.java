package dev.tejun.server.runs;

import dev.tejun.kernel.compare.CellAcrossVersions;
import dev.tejun.kernel.evidence.EvidenceVerifier;
import dev.tejun.kernel.evidence.RunIds;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.ApiException;
import dev.tejun.server.evidence.EvidenceFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the files of a run in the evidence folder. Every name from a request is checked against a strict
 * pattern before it touches the file system, and every path is checked to lie inside the evidence folder. With an
 * evidence folder the servers of a cluster share ({@link EvidenceFolders}), a run this server did not execute is
 * found in the folder of the server that did (run ids are unique across servers: {@code RunIds}), also
 * when that server is gone; its files are read, never written.
 */
public final class RunEvidence {

    /** A run id of either form ({@code RunIds}). */
    static final Pattern RUN_ID = RunIds.PATTERN;
    /** Cell ids as evidence stores them (other characters become {@code _} there). */
    static final Pattern CELL_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}");

    static final Pattern STREAM = Pattern.compile("stdout|stderr");

    private final Path root;
    /** Every server's folder, this one's first. */
    private final EvidenceFolders folders;

    private final ProofKey key;

    /** This server's evidence only (no folder shared with other servers). */
    public RunEvidence(Path evidenceRoot) {
        this(EvidenceFolders.local(evidenceRoot.toAbsolutePath().getParent()), null);
    }

    /** {@code key}: what the runs were sealed with (null: the key of the data folder above the run's folder). */
    public RunEvidence(EvidenceFolders folders, ProofKey key) {
        this.folders = folders;
        this.root = folders.own();
        this.key = key;
    }

    /** Whether the evidence of this server, or of another sharing the folder, has run {@code runId}. */
    public boolean has(String runId) {
        return Files.isRegularFile(confined(runDir(runId).resolve("run.json")));
    }

    /** Checks the run's files and its links in the chain of the server that sealed it. */
    public EvidenceVerifier.Result verify(String runId) throws IOException {
        Path dir = runJson(runId).getParent();
        String id = dir.getFileName().toString();
        return key == null
                ? EvidenceVerifier.verifyRun(dir.getParent(), id)
                : EvidenceVerifier.verifyRun(dir.getParent(), id, key);
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
        // each run where it is: this server's folder, or (a shared folder) that of the server that ran it
        return CellAcrossVersions.of(this::runDir, runbook, cellId, valid);
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

    /** The run's folder: this server's, else the one of the server sharing the evidence folder that holds it. */
    private Path runDir(String runId) {
        require(RUN_ID, runId, "run id");
        Path mine = root.resolve(runId);
        if (folders.shared() == null || Files.isDirectory(mine)) {
            return mine;
        }
        try {
            for (Path server : folders.all()) {
                if (Files.isRegularFile(server.resolve(runId).resolve("run.json"))) {
                    return server.resolve(runId);
                }
            }
        } catch (IOException e) {
            return mine; // the shared folder cannot be listed: answered as a run that is not here
        }
        return mine;
    }

    private Path confined(Path path) {
        Path normal = path.toAbsolutePath().normalize();
        Path within = folders.shared() == null ? root : folders.shared();
        boolean inside = normal.startsWith(within);
        try {
            if (inside && Files.exists(normal)) {
                inside = normal.toRealPath().startsWith(within.toRealPath());
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

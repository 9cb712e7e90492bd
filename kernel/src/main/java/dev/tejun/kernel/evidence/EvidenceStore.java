package dev.tejun.kernel.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The evidence folder: one directory per run, named so that names sort by start time. Runs are sealed with the
 * data folder's {@link ProofKey} (the folder above this one).
 */
public final class EvidenceStore {

    static final ObjectMapper JSON = Json.PRETTY;

    private final Path root;
    private final Clock clock;
    private final GitLookup git = new GitLookup();
    private final ProofKey key;
    private final HeadExport export;
    private final java.util.concurrent.atomic.LongAdder written = new java.util.concurrent.atomic.LongAdder();

    /** With the key of the data folder above {@code root} (made if there is none) and no head export. */
    public EvidenceStore(Path root, Clock clock) {
        this(root, clock, ProofKey.open(root.toAbsolutePath().getParent()), HeadExport.NONE);
    }

    public EvidenceStore(Path root, Clock clock, ProofKey key, HeadExport export) {
        this.root = root;
        this.clock = clock;
        this.key = key;
        this.export = export;
    }

    public Path root() {
        return root;
    }

    /**
     * Bytes of evidence the runs recorded here wrote, every file of each counted when it was sealed (evidence is only
     * ever added to): what {@code tejun_evidence_written_bytes_total} shows, without walking a run's folder again.
     */
    public long writtenBytes() {
        return written.sum();
    }

    /** The key runs here are sealed with. */
    public ProofKey key() {
        return key;
    }

    /** Where {@code file} stands in Git, for a run's record. */
    public GitInfo gitInfo(Path file, byte[] content) {
        return git.of(file, content);
    }

    public String newRunId() {
        return RunIds.next(clock.instant());
    }

    /**
     * Runs sealed lately whose summary nobody took yet, oldest first, at most {@link #KEEP_SUMMARIES}: a run index
     * that falls behind reads the older ones back from their files, so memory stays bounded.
     */
    private final Map<String, RunSummary> summaries = new LinkedHashMap<>();

    /** Summaries kept for {@link #sealedSummary}. */
    static final int KEEP_SUMMARIES = 2048;

    private void sealed(RunSummary summary) {
        synchronized (summaries) {
            summaries.put(summary.runId(), summary);
            if (summaries.size() > KEEP_SUMMARIES) {
                summaries.remove(summaries.keySet().iterator().next());
            }
        }
    }

    /**
     * The summary of a run this store sealed, as its recorder held it, handed out once; empty for a run sealed
     * elsewhere (another process, a restart) or long ago — then its files say the same ({@code run.json}, …).
     */
    public Optional<RunSummary> sealedSummary(String runId) {
        synchronized (summaries) {
            return Optional.ofNullable(summaries.remove(runId));
        }
    }

    /** Starts recording a run: writes the runbook as it was and a first {@code run.json}. */
    public RunRecorder begin(RunInfo info) {
        Path dir = root.resolve(info.runId());
        try {
            try {
                // a new run's folder: two mkdirs, where createDirectories first fails on the missing parent (and
                // throws twice inside, at every run)
                Files.createDirectory(dir);
                Files.createDirectory(dir.resolve(EvidenceLayout.CELLS));
            } catch (NoSuchFileException | FileAlreadyExistsException e) {
                Files.createDirectories(dir.resolve(EvidenceLayout.CELLS)); // no evidence folder yet, or a retry
            }
            return new RunRecorder(
                    dir,
                    info,
                    clock,
                    known -> {
                        Manifest.Sealing sealing = Manifest.seal(dir, known, key, export);
                        written.add(sealing.bytes());
                        return sealing.link();
                    },
                    this::sealed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write evidence under " + dir, e);
        }
    }
}

package dev.tejun.kernel.evidence;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.CellResult;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.HostStatus;
import dev.tejun.kernel.event.OutputGap;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.event.RunStarted;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.format.SecretDefaults;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes one run's evidence as it happens. Output is kept whole and raw: each stream of each cell is a file of
 * the exact bytes, and {@code chunks.jsonl} says when each chunk arrived and where it lies in that file, so a
 * report can interleave stdout and stderr in time without the output being copied twice.
 *
 * <pre>
 * RUN-ID/run.json            who, what, when, params, Git commit, status, per-cell summary
 * RUN-ID/runbook.md          the runbook bytes that ran
 * RUN-ID/cells/NN-ID/input.txt      the code that ran, after substitution
 * RUN-ID/cells/NN-ID/stdout.bin     raw output (HOST.stdout.bin per host for fan-out cells)
 * RUN-ID/cells/NN-ID/chunks.jsonl   {"t":time,"s":stream,"h":host,"o":offset,"n":length} per chunk
 * RUN-ID/cells/NN-ID/result.json    status, exit code, duration, message, structured results
 * RUN-ID/cells/NN-ID/artifacts/     files the cell made for evidence (an ansible cell's input.zip, result.zip)
 * RUN-ID/manifest.json       SHA-256 of every file above, and the previous run's manifest hash ({@link Manifest})
 * RUN-ID/manifest.mac        the manifest's hash MACed with the proof key
 * </pre>
 */
public final class RunRecorder implements Consumer<Event>, AutoCloseable {

    private final Path dir;
    private final RunInfo info;
    private final Clock clock;
    private final Map<String, CellRecord> cells = new LinkedHashMap<>();
    private CellStatus status = CellStatus.RUNNING;
    private Instant finishedAt;
    private Manifest.Link sealed;
    private RunJson lastRunJson;
    private RunJson.Retry retryOf;
    /** Seals the run given the hashes of the files written here ({@link Manifest#seal}). */
    private final java.util.function.Function<Map<String, Manifest.Known>, Manifest.Link> seal;

    private final Consumer<RunSummary> sealedRuns;
    /** What this recorder wrote, hashed as it was written: the seal reads none of it back. */
    private final HashedFiles files;

    RunRecorder(
            Path dir,
            RunInfo info,
            Clock clock,
            java.util.function.Function<Map<String, Manifest.Known>, Manifest.Link> seal,
            Consumer<RunSummary> sealedRuns)
            throws IOException {
        this.dir = dir;
        this.info = info;
        this.clock = clock;
        this.seal = seal;
        this.sealedRuns = sealedRuns;
        this.files = new HashedFiles(dir);
        // Evidence is read by viewers: a secret param's default is kept out (run.json has the file's own hash).
        files.writeText(
                EvidenceLayout.runbook(dir), SecretDefaults.redact(new String(info.text(), StandardCharsets.UTF_8)));
        writeRunJson();
    }

    public Path dir() {
        return dir;
    }

    /**
     * One event of this run's stream, as every sink gets it: the session hands each event once to its sinks in
     * order (the event log, this recorder, then printers and browsers), so nobody calls the recorder beside the log.
     * Output text is left out: the recorder has the raw bytes ({@link #output}), of which the text is a decoding.
     */
    @Override
    public synchronized void accept(Event event) {
        if (!info.runId().equals(event.runId())) {
            return;
        }
        switch (event) {
            case CellStarted e -> cellStarted(e);
            case CellResult e -> result(e);
            case HostStatus e -> hostStatus(e);
            case CellFinished e -> cellFinished(e);
            case RunFinished e -> {
                if (finishedAt == null) {
                    finish(e.status());
                }
            }
            case RunStarted e -> {
                // run.json was written when the run began
            }
            case CellOutput e -> {
                // written as raw bytes
            }
            case OutputGap e -> {
                // a reader's gap; evidence has no gaps
            }
        }
    }

    public synchronized void cellStarted(CellStarted e) {
        Path cellDir = dir.resolve(EvidenceLayout.cellDir(cells.size() + 1, e.cellId()));
        try {
            Files.createDirectories(cellDir);
            files.writeText(EvidenceLayout.input(cellDir), e.code());
            CellRecord record = new CellRecord(files, cellDir, e.cellId(), e.language(), e.at());
            cells.put(e.cellId(), record);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public synchronized void output(String cellId, Stream stream, String host, byte[] data, int off, int len) {
        CellRecord cell = cells.get(cellId);
        if (cell == null) {
            return;
        }
        if (cell.lost != null) {
            return;
        }
        try {
            cell.write(clock.instant(), stream, host, data, off, len);
        } catch (IOException ex) {
            // The disk is full (or gone): the cell goes on and its viewers still see its output; its result.json
            // says from where on the evidence lacks it, rather than the run failing for its record.
            cell.lost = "output from byte " + cell.offsets.getOrDefault(cell.fileOf(stream, host), 0L) + " of "
                    + cell.fileOf(stream, host) + " on could not be written: " + ex;
        }
    }

    public synchronized void result(CellResult e) {
        CellRecord cell = cells.get(e.cellId());
        if (cell != null) {
            cell.results.add(new ResultJson.Result(e.mime(), e.data()));
        }
    }

    /** The value {@code cellId} left for later cells ({@code ${cells.ID.value}}), already masked; kept in its result. */
    public synchronized void value(String cellId, String value) {
        CellRecord cell = cells.get(cellId);
        if (cell != null) {
            cell.value = value;
        }
    }

    public synchronized void hostStatus(HostStatus e) {
        CellRecord cell = cells.get(e.cellId());
        if (cell != null) {
            cell.hosts.put(e.host(), new ResultJson.HostResult(e.status(), e.detail() == null ? "" : e.detail()));
        }
    }

    /**
     * Copies files a cell made into {@code cells/NN-ID/artifacts/}, so they are sealed with the run; files that
     * do not exist (a run that failed before making them) are left out.
     */
    public synchronized void attach(String cellId, List<Path> files) {
        CellRecord cell = cells.get(cellId);
        if (cell == null || files.isEmpty()) {
            return;
        }
        try {
            Path target = Files.createDirectories(EvidenceLayout.artifacts(cell.dir));
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    Files.copy(
                            file,
                            target.resolve(
                                    EvidenceLayout.safe(file.getFileName().toString())),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public synchronized void cellFinished(CellFinished e) {
        CellRecord cell = cells.get(e.cellId());
        if (cell == null) {
            // Skipped cells never started; record them so the run shows every cell it meant to run.
            cellStarted(new CellStarted(e.seq(), e.at(), e.runId(), e.cellId(), "", ""));
            cell = cells.get(e.cellId());
        }
        try {
            cell.finish(e);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public synchronized Path finish(CellStatus status) {
        this.status = status;
        this.finishedAt = clock.instant();
        for (CellRecord cell : cells.values()) {
            try {
                cell.closeStreams();
            } catch (IOException ignored) {
                // the run.json below still records what is known
            }
        }
        writeRunJson();
        sealed = seal.apply(files.known());
        sealedRuns.accept(summary());
        return dir;
    }

    /** The run's row as the index lists it, from what this recorder holds (no file is read back). */
    private RunSummary summary() {
        java.util.TreeSet<String> hosts = new java.util.TreeSet<>();
        for (CellRecord cell : cells.values()) {
            if (cell.finished != null) { // as result.json says: a cell that never finished wrote none
                hosts.addAll(cell.finished.hosts().keySet());
            }
        }
        return RunSummary.of(lastRunJson, sealed.sha256(), hosts);
    }

    /** The run's place in the evidence chain, once {@link #finish} sealed it. */
    public synchronized Manifest.Link sealed() {
        return sealed;
    }

    @Override
    public synchronized void close() {
        if (finishedAt == null) {
            finish(CellStatus.STOPPED);
        }
    }

    /** Links this run to the run whose failed hosts it retries; written into {@code run.json} at once. */
    public synchronized void retryOf(RunJson.Retry retry) {
        this.retryOf = retry;
        writeRunJson();
    }

    private void writeRunJson() {
        List<RunJson.CellEntry> list = new ArrayList<>();
        for (CellRecord c : cells.values()) {
            list.add(c.summary());
        }
        RunJson run = new RunJson(
                info.runId(),
                info.runbook(),
                sha256(info.text()),
                info.git().commit(),
                info.git().modified(),
                info.params(),
                info.user(),
                info.via(),
                info.startedAt(),
                finishedAt,
                status.name(),
                list,
                retryOf);
        lastRunJson = run;
        try {
            files.write(EvidenceLayout.runJson(dir), EvidenceStore.JSON.writeValueAsBytes(run));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class CellRecord {
        final HashedFiles files;
        final Path dir;
        final String id;
        final String language;
        final Instant startedAt;
        final Map<String, OutputStream> streams = new HashMap<>();
        final Map<String, Long> offsets = new HashMap<>();
        final List<ResultJson.Result> results = new ArrayList<>();
        final Map<String, ResultJson.HostResult> hosts = new LinkedHashMap<>();
        OutputStream chunks;
        ResultJson finished;
        /** Why output of this cell is missing from its evidence, once a write failed. */
        String lost;
        /** What later cells read as {@code ${cells.ID.value}}, masked; null when the cell left none. */
        String value;

        CellRecord(HashedFiles files, Path dir, String id, String language, Instant startedAt) {
            this.files = files;
            this.dir = dir;
            this.id = id;
            this.language = language;
            this.startedAt = startedAt;
        }

        String fileOf(Stream stream, String host) {
            return EvidenceLayout.streamFile(stream.name().toLowerCase(), host);
        }

        void write(Instant at, Stream stream, String host, byte[] data, int off, int len) throws IOException {
            String file = fileOf(stream, host);
            OutputStream out = streams.get(file);
            if (out == null) {
                out = new BufferedOutputStream(files.stream(dir.resolve(file)), 1 << 16);
                streams.put(file, out);
            }
            out.write(data, off, len);
            long offset = offsets.getOrDefault(file, 0L);
            offsets.put(file, offset + len);
            if (chunks == null) {
                chunks = new BufferedOutputStream(files.stream(EvidenceLayout.chunks(dir)), 1 << 16);
            }
            String line = new ChunkEntry(at, stream.name().toLowerCase(), host, offset, len).line();
            chunks.write(line.getBytes(StandardCharsets.UTF_8));
            // What a browser or terminal was shown must be on disk too: a server killed (kill -9) right after leaves
            // evidence of every line it showed, not a buffer that died with it.
            out.flush();
            chunks.flush();
        }

        void finish(CellFinished e) throws IOException {
            try {
                closeStreams();
            } catch (IOException ex) {
                lost = lost != null ? lost : "the end of its output could not be written: " + ex;
            }
            finished = new ResultJson(
                    id,
                    language,
                    e.status().name(),
                    e.exitCode(),
                    startedAt,
                    e.at(),
                    e.durationMillis(),
                    e.message(),
                    new LinkedHashMap<>(offsets),
                    hosts,
                    results,
                    lost,
                    value);
            files.write(EvidenceLayout.resultJson(dir), EvidenceStore.JSON.writeValueAsBytes(finished));
        }

        void closeStreams() throws IOException {
            for (OutputStream out : streams.values()) {
                out.close();
            }
            streams.clear();
            if (chunks != null) {
                chunks.close();
                chunks = null;
            }
        }

        RunJson.CellEntry summary() {
            String rel = EvidenceLayout.CELLS + "/" + dir.getFileName();
            return finished != null
                    ? new RunJson.CellEntry(id, rel, finished.status(), finished.exitCode(), finished.durationMillis())
                    : new RunJson.CellEntry(id, rel, CellStatus.RUNNING.name(), null, null);
        }
    }
}

package dev.tejun.kernel.evidence;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * Where each file of a run's evidence lies, and how each is read back as its record. The one place that knows the
 * layout (see {@link RunRecorder} for the tree); writers and readers, kernel and server, ask it.
 */
public final class EvidenceLayout {

    public static final String RUN_JSON = "run.json";
    public static final String RUNBOOK = "runbook.md";
    public static final String CELLS = "cells";
    public static final String INPUT = "input.txt";
    public static final String RESULT_JSON = "result.json";
    public static final String CHUNKS = "chunks.jsonl";
    public static final String ARTIFACTS = "artifacts";

    private EvidenceLayout() {}

    public static Path runJson(Path runDir) {
        return runDir.resolve(RUN_JSON);
    }

    public static Path runbook(Path runDir) {
        return runDir.resolve(RUNBOOK);
    }

    /** {@code cells/NN-ID}: the {@code index}-th cell that started (from 1), its id made safe for a file name. */
    static String cellDir(int index, String cellId) {
        // as String.format("%02d-%s") wrote it, without parsing a format at every cell
        return CELLS + "/" + (index < 10 ? "0" : "") + index + "-" + safe(cellId);
    }

    /**
     * The folder of a cell that {@code run.json} names, or empty when it names none inside the run's folder (run.json
     * names only its own folders; anything else is not followed) or the folder is gone.
     */
    public static Optional<Path> cellDir(Path runDir, RunJson.CellEntry cell) {
        if (cell.dir() == null) {
            return Optional.empty();
        }
        Path base = runDir.normalize();
        Path dir = base.resolve(cell.dir()).normalize();
        return dir.startsWith(base) && Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    public static Path input(Path cellDir) {
        return cellDir.resolve(INPUT);
    }

    public static Path resultJson(Path cellDir) {
        return cellDir.resolve(RESULT_JSON);
    }

    public static Path chunks(Path cellDir) {
        return cellDir.resolve(CHUNKS);
    }

    static Path artifacts(Path cellDir) {
        return cellDir.resolve(ARTIFACTS);
    }

    /** {@code stdout.bin}, or {@code HOST.stderr.bin} for one host of a fan-out cell; {@code stream} in lower case. */
    public static String streamFile(String stream, String host) {
        return (host == null ? "" : safe(host) + ".") + stream + ".bin";
    }

    static String safe(String name) {
        return UNSAFE.matcher(name).replaceAll("_");
    }

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.-]");

    // ---- reading back

    /** The run's {@code run.json}, read whole (see {@link #readRunBytes}). */
    public static RunJson readRun(Path runDir) throws IOException {
        return EvidenceStore.JSON.readValue(readRunBytes(runDir), RunJson.class);
    }

    /**
     * The bytes of the run's {@code run.json}, one whole JSON value. Its recorder writes it over in place while the run
     * goes on ({@link HashedFiles#write}), so a read that meets a write half done (the old file with the new one's
     * tail, or the new one with the old one's) is read again, for a few ms at most; a file that stays so (a server
     * that died mid-write) is answered as it is.
     */
    public static byte[] readRunBytes(Path runDir) throws IOException {
        Path file = runJson(runDir);
        byte[] bytes = Files.readAllBytes(file);
        for (int again = 0; again < REREADS && !whole(bytes); again++) {
            LockSupport.parkNanos(REREAD_PAUSE_NANOS);
            bytes = Files.readAllBytes(file);
        }
        return bytes;
    }

    /** How often a {@code run.json} met half written is read again, and the pause before each. */
    private static final int REREADS = 50;

    private static final long REREAD_PAUSE_NANOS = 100_000;

    private static final ObjectReader WHOLE =
            EvidenceStore.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static boolean whole(byte[] bytes) {
        try {
            WHOLE.readTree(bytes);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The cell's result, or empty when it has none yet (the cell never ended: a run cut off). */
    public static Optional<ResultJson> readResult(Path cellDir) throws IOException {
        Path file = resultJson(cellDir);
        return Files.isRegularFile(file)
                ? Optional.of(EvidenceStore.JSON.readValue(file.toFile(), ResultJson.class))
                : Optional.empty();
    }

    /** The cell's chunk index in the order written; empty when the cell wrote no output. */
    public static List<ChunkEntry> readChunks(Path cellDir) throws IOException {
        Path file = chunks(cellDir);
        List<ChunkEntry> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try (MappingIterator<ChunkEntry> it =
                EvidenceStore.JSON.readerFor(ChunkEntry.class).readValues(file.toFile())) {
            while (it.hasNextValue()) {
                out.add(it.nextValue());
            }
        }
        return out;
    }

    public static ManifestJson readManifest(Path runDir) throws IOException {
        return EvidenceStore.JSON.readValue(runDir.resolve(Manifest.FILE).toFile(), ManifestJson.class);
    }
}

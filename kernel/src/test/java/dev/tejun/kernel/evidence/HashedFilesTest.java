package dev.tejun.kernel.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Stream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seal takes the hashes of what a run's recorder wrote from the recorder, and reads every other file. */
class HashedFilesTest {

    @TempDir
    Path root;

    @Test
    void seal_recordedFiles_manifestHoldsTheHashesOfTheBytesOnDisk() throws Exception {
        EvidenceStore store = new EvidenceStore(root, Clock.systemUTC());
        Path artifact = Files.writeString(root.resolve("made-by-the-cell.txt"), "an artifact\n");
        RunRecorder r = begin(store);
        String runId = r.dir().getFileName().toString();
        r.retryOf(new RunJson.Retry("20260101-000000-abcdef", "greet", List.of("web1"))); // run.json written again
        r.cellStarted(new CellStarted(1, Instant.now(), runId, "greet", "sh", "echo hi ✓\n"));
        for (int i = 0; i < 3; i++) {
            byte[] out = ("line " + i + "\n").getBytes(StandardCharsets.UTF_8);
            r.output("greet", i == 1 ? Stream.STDERR : Stream.STDOUT, null, out, 0, out.length);
        }
        r.attach("greet", List.of(artifact)); // copied in: not written by the recorder, hashed by the seal
        r.cellFinished(new CellFinished(2, Instant.now(), runId, "greet", CellStatus.OK, 0, 5, null));
        r.finish(CellStatus.OK);

        Map<String, String> sealed = Manifest.read(r.dir()).files();
        assertEquals(Manifest.hashes(r.dir()), sealed);
        assertTrue(
                sealed.keySet()
                        .containsAll(List.of(
                                "run.json",
                                "runbook.md",
                                "cells/01-greet/input.txt",
                                "cells/01-greet/stdout.bin",
                                "cells/01-greet/stderr.bin",
                                "cells/01-greet/chunks.jsonl",
                                "cells/01-greet/result.json",
                                "cells/01-greet/artifacts/made-by-the-cell.txt")),
                sealed.toString());
        assertTrue(EvidenceVerifier.verifyRun(root, runId).ok());
        // the bytes counted at the seal, without a walk of the folder, are every byte in it
        long onDisk;
        try (java.util.stream.Stream<Path> files = Files.walk(r.dir())) {
            onDisk = files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
        assertEquals(onDisk, store.writtenBytes());
    }

    @Test
    void seal_fileChangedAfterTheRecorderWroteIt_verifyNamesIt() throws Exception {
        EvidenceStore store = new EvidenceStore(root, Clock.systemUTC());
        RunRecorder r = begin(store);
        String runId = r.dir().getFileName().toString();
        r.cellStarted(new CellStarted(1, Instant.now(), runId, "greet", "sh", "echo hi\n"));
        r.cellFinished(new CellFinished(2, Instant.now(), runId, "greet", CellStatus.OK, 0, 5, null));
        // rewritten on disk while the run goes on: the manifest proves what the recorder wrote, not this
        Files.writeString(r.dir().resolve("cells/01-greet/input.txt"), "rm -rf /\n");
        r.finish(CellStatus.OK);

        EvidenceVerifier.Result result = EvidenceVerifier.verifyRun(root, runId);
        assertFalse(result.ok());
        assertTrue(
                result.problems().toString().contains("cells/01-greet/input.txt"),
                result.problems().toString());
    }

    @Test
    void stream_writeFailed_hashLeftToTheSeal() throws Exception {
        // a real device that refuses every write as a full disk does
        Path full = Path.of("/dev/full");
        HashedFiles files = new HashedFiles(full.getParent());
        OutputStream out = files.stream(full);
        byte[] data = "lost".getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> {
            out.write(data, 0, data.length);
            out.flush();
        });
        out.close();
        assertEquals(Map.of(), files.known());
    }

    @Test
    void write_thenStream_knowsBoth() throws Exception {
        HashedFiles files = new HashedFiles(root);
        files.writeText(root.resolve("a.txt"), "ä\n");
        try (OutputStream out = files.stream(root.resolve("b.bin"))) {
            out.write(new byte[] {1, 2, 3}, 0, 3);
            out.write(4);
        }
        assertEquals(
                Map.of(
                        "a.txt", new Manifest.Known(Manifest.sha256(root.resolve("a.txt")), 3),
                        "b.bin", new Manifest.Known(Manifest.sha256(root.resolve("b.bin")), 4)),
                files.known());
    }

    private static RunRecorder begin(EvidenceStore store) {
        return store.begin(new RunInfo(
                store.newRunId(),
                "patch.md",
                EvidenceChainTest.BOOK.getBytes(StandardCharsets.UTF_8),
                GitInfo.NONE,
                Map.of("env", "prod"),
                "alice",
                "web",
                Instant.now()));
    }

    @Test
    void write_overALongerFileThenAShorter_leavesExactlyTheNewBytes() throws Exception {
        HashedFiles files = new HashedFiles(root);
        Path file = root.resolve("run.json");
        files.write(file, "{\"status\":\"RUNNING\",\"cells\":[1,2,3]}".getBytes(StandardCharsets.UTF_8));
        byte[] shorter = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);
        files.write(file, shorter);
        assertEquals("{\"status\":\"OK\"}", Files.readString(file));
        assertEquals(Manifest.sha256(file), files.known().get("run.json").sha256());
        byte[] longer = "{\"status\":\"OK\",\"finishedAt\":\"2026-12-05T01:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
        files.write(file, longer);
        assertEquals(new String(longer, StandardCharsets.UTF_8), Files.readString(file));
        assertEquals(
                new Manifest.Known(Manifest.sha256(file), Files.size(file)),
                files.known().get("run.json"));
    }
}

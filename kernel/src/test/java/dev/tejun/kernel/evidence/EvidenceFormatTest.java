package dev.tejun.kernel.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence records write the bytes the Map-based writer wrote before them, and read what it wrote, so old
 * evidence folders still read and verify.
 */
class EvidenceFormatTest {

    private static final String RUN_ID = "20261201-100000-abcdef";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00.123Z"), ZoneOffset.UTC);

    /**
     * manifest.json of the run {@link #record} makes, as the writer before the records wrote it (commit 4171177):
     * it holds the SHA-256 of every file, so equal manifests mean every file is byte for byte the same.
     */
    private static final String MANIFEST_BEFORE = """
            {
              "runId" : "20261201-100000-abcdef",
              "seq" : 1,
              "previous" : null,
              "files" : {
                "cells/01-greet/chunks.jsonl" : "61d3267322fbdefe8929fde6f1c9467a69303f09c662e2645d5d365e89538ec8",
                "cells/01-greet/input.txt" : "ab08508fdf5ca4da5c4995987bc41c56c048aaa5eeb046417ae4049b7d40286e",
                "cells/01-greet/result.json" : "43252df37a5dc5f74c9b842d115b3cc8d1d969a9452c91534c3a53b8e40e3a3e",
                "cells/01-greet/stdout.bin" : "ff7b286506b7d3ae837a76028ed2f8a88c0a41ddb0b7696b00dcc168cdec0d83",
                "cells/01-greet/web1.example.stderr.bin" : "df103b54b5632163114d83b7d24b3f092c5a8eda7e2b79958bf7eb93d14c338a",
                "cells/02-later/input.txt" : "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "cells/02-later/result.json" : "eed724dff0f7e6fbe7999cb17332b2c6b5c8348f264eac0d407b527232363013",
                "run.json" : "5561c1ad7107e4a7f09e16cc1fa6678a683baed0c64597e0b662142525c47537",
                "runbook.md" : "e31dd30cf09e2a993412a224523c681b917a717a2b6f56a4d27b7d33a3a3d954"
              }
            }""";

    @TempDir
    Path data;

    private Path record() {
        EvidenceStore store = new EvidenceStore(data.resolve("evidence"), CLOCK, ProofKey.open(data), HeadExport.NONE);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("env", "prod");
        params.put("password", "****");
        byte[] book = "# Patch\n\n```sh {#greet}\necho hi\n```\n\n```sh {#later}\necho later\n```\n"
                .getBytes(StandardCharsets.UTF_8);
        RunRecorder r = store.begin(new RunInfo(
                RUN_ID,
                "patch.md",
                book,
                new GitInfo("0123456789abcdef0123456789abcdef01234567", true),
                params,
                "alice",
                "web",
                CLOCK.instant()));
        Instant now = CLOCK.instant();
        r.cellStarted(new CellStarted(1, now, RUN_ID, "greet", "sh", "echo hi\n"));
        byte[] out = "hi ü\n".getBytes(StandardCharsets.UTF_8);
        r.output("greet", Stream.STDOUT, null, out, 0, out.length);
        r.output("greet", Stream.STDERR, "web1.example", out, 0, 3);
        r.cellFinished(new CellFinished(3, now, RUN_ID, "greet", CellStatus.FAILED, 2, 5, "exit 2"));
        r.cellFinished(new CellFinished(4, now, RUN_ID, "later", CellStatus.SKIPPED, null, 0, "skipped"));
        r.finish(CellStatus.FAILED);
        return data.resolve("evidence").resolve(RUN_ID);
    }

    @Test
    void write_sameBytesAsTheWriterBefore() throws Exception {
        Path run = record();
        assertEquals(MANIFEST_BEFORE, Files.readString(run.resolve(Manifest.FILE)));
        EvidenceVerifier.Result verified = EvidenceVerifier.verifyAll(data.resolve("evidence"));
        assertTrue(verified.ok(), verified.problems().toString());
    }

    @Test
    void read_recordsOfAWrittenRun() throws Exception {
        Path run = record();
        RunJson r = EvidenceLayout.readRun(run);
        assertEquals("FAILED", r.status());
        assertEquals(
                List.of("greet", "later"),
                r.cells().stream().map(RunJson.CellEntry::cellId).toList());
        assertNull(r.cells().get(1).exitCode());
        Path greet = EvidenceLayout.cellDir(run, r.cells().getFirst()).orElseThrow();
        ResultJson result = EvidenceLayout.readResult(greet).orElseThrow();
        assertEquals(Map.of("stdout.bin", 6L, "web1.example.stderr.bin", 3L), result.outputBytes());
        List<ChunkEntry> chunks = EvidenceLayout.readChunks(greet);
        assertEquals(
                List.of("stdout.bin", "web1.example.stderr.bin"),
                chunks.stream().map(ChunkEntry::file).toList());
        assertEquals(new ChunkEntry(CLOCK.instant(), "stderr", "web1.example", 0, 3), chunks.get(1));
        assertEquals(1, EvidenceLayout.readManifest(run).seq());
    }

    /** What older writers left: a cell cut off while running, an interrupted run, host fields in either order. */
    @Test
    void read_olderShapes_readWithoutLoss() throws Exception {
        Path run = Files.createDirectories(data.resolve(RUN_ID).resolve("cells/01-a"));
        Files.writeString(run.getParent().getParent().resolve("run.json"), """
                {"runId":"%s","runbook":"a.md","status":"INTERRUPTED","startedAt":"2026-12-01T10:00:00Z",
                 "finishedAt":"2026-12-01T10:05:00Z","params":{"x":"1"},"later":"a field from a newer writer",
                 "cells":[{"cellId":"a","dir":"cells/01-a","status":"INTERRUPTED"}]}
                """.formatted(RUN_ID));
        Files.writeString(run.resolve("result.json"), """
                {"cellId":"a","status":"OK","hosts":{"web1":{"detail":"fine","status":"ok"}},
                 "results":[{"data":"42","mime":"text/plain"}]}
                """);
        Path runDir = data.resolve(RUN_ID);
        Files.writeString(runDir.resolve("runbook.md"), "# A\n\n```sh {#a}\necho\n```\n");
        RunJson r = EvidenceLayout.readRun(runDir);
        assertEquals("INTERRUPTED", r.cells().getFirst().status());
        assertNull(r.cells().getFirst().durationMillis());
        ResultJson result = EvidenceLayout.readResult(
                        EvidenceLayout.cellDir(runDir, r.cells().getFirst()).orElseThrow())
                .orElseThrow();
        assertEquals(new ResultJson.HostResult("ok", "fine"), result.hosts().get("web1"));
        assertEquals(List.of(new ResultJson.Result("text/plain", "42")), result.results());
        assertTrue(EvidenceReport.of(runDir).markdown().contains("`fine`"));
    }
}

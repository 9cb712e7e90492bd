package dev.tejun.kernel.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.evidence.EvidenceVerifier;
import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.evidence.PrunedMark;
import dev.tejun.kernel.proof.ProofKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning keeps the proof: after a prune, verification passes and names the pruned runs, a held run keeps its
 * output, and tampering is still caught. The number of runs is {@code -Dtejun.prune.runs} (default 400; the
 * 10,000-run figure is bench/prune's).
 */
class PrunerTest {

    static final int RUNS = Integer.getInteger("tejun.prune.runs", 400);
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path data;

    Path evidence() {
        return data.resolve("evidence");
    }

    ProofKey key() {
        return ProofKey.open(data);
    }

    Pruner.Report prune(String rules, Set<String> held, boolean dryRun) throws Exception {
        return Pruner.prune(
                evidence(),
                key(),
                RetentionRules.parse(rules),
                held,
                START.plusSeconds(3600L * 24 * 365),
                data.resolve("archive"),
                dryRun);
    }

    @Test
    void prune_manyRunsToFewer_verifyPassesAndNamesThemPruned() throws Exception {
        List<String> ids = new SyntheticRuns(evidence(), START).record("ops/patch.md", RUNS, 200);
        int keep = RUNS / 10;

        Pruner.Report report = prune("default: { keep-runs: " + keep + " }", Set.of(), false);

        assertEquals(RUNS - keep, report.pruned().size());
        assertEquals(ids.subList(0, RUNS - keep), report.pruned());
        Path oldest = evidence().resolve(ids.getFirst());
        assertFalse(Files.exists(oldest.resolve("cells/01-a/stdout.bin")), "the output is gone");
        assertTrue(Files.isRegularFile(oldest.resolve(Manifest.FILE)), "the manifest stays");
        assertTrue(Files.isRegularFile(evidence().resolve(ids.getLast()).resolve("cells/01-a/stdout.bin")));
        EvidenceVerifier.Result verified = EvidenceVerifier.verifyAll(evidence());
        assertTrue(verified.ok(), verified.problems().toString());
        assertEquals(RUNS, verified.runsChecked());
        assertEquals(RUNS - keep, verified.pruned().size());
        assertTrue(EvidenceVerifier.verifyRun(evidence(), ids.getFirst()).ok());
        assertEquals(
                List.of(ids.getFirst()),
                EvidenceVerifier.verifyRun(evidence(), ids.getFirst()).pruned());
    }

    @Test
    void prune_dryRun_removesNothing() throws Exception {
        List<String> ids = new SyntheticRuns(evidence(), START).record("a.md", 5, 100);

        Pruner.Report report = prune("default: { keep-runs: 1 }", Set.of(), true);

        assertEquals(4, report.pruned().size());
        assertTrue(report.bytes() >= 400, "at least the four stdout files: " + report.bytes());
        assertTrue(Files.exists(evidence().resolve(ids.getFirst()).resolve("cells/01-a/stdout.bin")));
        assertFalse(Files.exists(evidence().resolve(ids.getFirst()).resolve(PrunedMark.FILE)));
    }

    @Test
    void prune_legalHold_survives() throws Exception {
        List<String> ids = new SyntheticRuns(evidence(), START).record("a.md", 5, 100);

        Pruner.Report report = prune("default: { keep-runs: 1 }", Set.of(ids.get(1)), false);

        assertEquals(List.of(ids.get(1)), report.held());
        assertEquals(3, report.pruned().size());
        assertTrue(Files.exists(evidence().resolve(ids.get(1)).resolve("cells/01-a/stdout.bin")));
        assertFalse(Files.exists(evidence().resolve(ids.get(0)).resolve("cells/01-a/stdout.bin")));
        assertTrue(EvidenceVerifier.verifyAll(evidence()).ok());
    }

    @Test
    void verify_afterPrune_stillCatchesTamperingWithAKeptRun() throws Exception {
        List<String> ids = new SyntheticRuns(evidence(), START).record("a.md", 5, 100);
        prune("default: { keep-runs: 2 }", Set.of(), false);

        Files.writeString(evidence().resolve(ids.getLast()).resolve("cells/01-a/stdout.bin"), "forged");

        EvidenceVerifier.Result verified = EvidenceVerifier.verifyAll(evidence());
        assertFalse(verified.ok());
        assertTrue(
                verified.problems().getFirst().contains(ids.getLast() + ": cells/01-a/stdout.bin was changed"),
                verified.problems().toString());
    }

    @Test
    void verify_outputRemovedByHandWithAForgedMark_isTampering() throws Exception {
        List<String> ids = new SyntheticRuns(evidence(), START).record("a.md", 3, 100);
        Path run = evidence().resolve(ids.getFirst());
        // what someone without the key can do: delete the output and write a mark that looks right
        Files.delete(run.resolve("cells/01-a/stdout.bin"));
        Files.writeString(run.resolve(PrunedMark.FILE), """
                {"runId":"%s","manifestSha256":"%s","removed":["cells/01-a/stdout.bin"]}""".formatted(
                        ids.getFirst(), Manifest.sha256(run.resolve(Manifest.FILE))));
        Files.writeString(run.resolve(PrunedMark.MAC), "0".repeat(64));

        EvidenceVerifier.Result verified = EvidenceVerifier.verifyAll(evidence());

        assertFalse(verified.ok());
        assertTrue(verified.pruned().isEmpty());
        assertTrue(
                verified.problems().toString().contains("cells/01-a/stdout.bin is missing"),
                verified.problems().toString());
    }

    @Test
    void verify_prunedRunWithItsRunJsonChanged_isTampering() throws Exception {
        List<String> ids = new SyntheticRuns(evidence(), START).record("a.md", 3, 100);
        prune("default: { keep-runs: 1 }", Set.of(), false);

        Path runJson = evidence().resolve(ids.getFirst()).resolve("run.json");
        Files.writeString(runJson, Files.readString(runJson).replace("alice", "mallory"));

        assertTrue(EvidenceVerifier.verifyAll(evidence()).problems().toString().contains("run.json was changed"));
    }

    @Test
    void prune_archive_packsWholeRunsIntoADatedFile() throws Exception {
        List<String> ids = new SyntheticRuns(evidence(), START).record("a.md", 4, 100);

        Pruner.Report report = prune("default: { keep-runs: 1 }\narchive: true", Set.of(), false);

        assertNotNull(report.archive());
        assertEquals("evidence-20270101.zip", report.archive().getFileName().toString());
        try (ZipFile zip = new ZipFile(report.archive().toFile())) {
            assertNotNull(zip.getEntry(ids.getFirst() + "/cells/01-a/stdout.bin"));
            assertNotNull(zip.getEntry(ids.getFirst() + "/" + Manifest.FILE));
            assertEquals(null, zip.getEntry(ids.getLast() + "/run.json"), "the kept run is not archived");
        }
        PrunedMark mark = PrunedMark.read(evidence().resolve(ids.getFirst())).orElseThrow();
        assertEquals("evidence-20270101.zip", mark.archive());
        assertEquals(Manifest.sha256(report.archive()), mark.archiveSha256());
        assertTrue(EvidenceVerifier.verifyAll(evidence()).ok());
    }

    @Test
    void prune_twice_prunesNothingMoreAndStillVerifies() throws Exception {
        new SyntheticRuns(evidence(), START).record("a.md", 4, 100);
        prune("default: { keep-runs: 1 }", Set.of(), false);

        Pruner.Report again = prune("default: { keep-runs: 1 }", Set.of(), false);

        assertEquals(0, again.pruned().size());
        assertEquals(3, again.alreadyPruned());
        assertTrue(EvidenceVerifier.verifyAll(evidence()).ok());
    }
}

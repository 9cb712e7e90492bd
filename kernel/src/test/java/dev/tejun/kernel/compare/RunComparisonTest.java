package dev.tejun.kernel.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.kernel.retention.Pruner;
import dev.tejun.kernel.retention.RetentionRules;
import dev.tejun.kernel.retention.SyntheticRuns;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunComparisonTest {

    @TempDir
    Path data;

    @Test
    void of_twoRuns_paramsCellsAndOutputDiff() throws Exception {
        SyntheticRuns runs = new SyntheticRuns(data.resolve("evidence"), Instant.parse("2026-01-01T00:00:00Z"));
        String a = runs.record("a.md", 1, 3).getFirst();
        String b = runs.record("a.md", 1, 5).getFirst();

        RunComparison c = RunComparison.of(data.resolve("evidence"), a, b);

        assertTrue(c.params().isEmpty(), "both recorded n=0: " + c.params());
        assertEquals(1, c.cells().size());
        assertEquals("OK", c.cells().getFirst().statusA());
        assertEquals(List.of("- xxx", "+ xxxxx"), c.cells().getFirst().streams().get("stdout.bin"));
        assertTrue(c.text().contains("a: OK 3 ms -> OK 3 ms"), c.text());
        assertTrue(c.text().contains("      + xxxxx"), c.text());
    }

    @Test
    void of_samePrograms_sameOutput_noDiff_prunedSaidSo() throws Exception {
        SyntheticRuns runs = new SyntheticRuns(data.resolve("evidence"), Instant.parse("2026-01-01T00:00:00Z"));
        List<String> ids = runs.record("a.md", 2, 4);
        assertEquals(
                List.of(),
                RunComparison.of(data.resolve("evidence"), ids.get(0), ids.get(1))
                        .cells()
                        .getFirst()
                        .streams()
                        .get("stdout.bin"));

        Pruner.prune(
                data.resolve("evidence"),
                ProofKey.open(data),
                RetentionRules.parse("default: {keep-runs: 1}"),
                Set.of(),
                Instant.parse("2027-01-01T00:00:00Z"),
                data.resolve("archive"),
                false);

        RunComparison c = RunComparison.of(data.resolve("evidence"), ids.get(0), ids.get(1));
        assertTrue(c.cells().getFirst().streams().get("stdout.bin").getFirst().contains("pruned"), c.text());
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> RunComparison.of(data.resolve("evidence"), ids.get(0), "nope"))
                .getMessage()
                .contains("no run nope"));
    }
}

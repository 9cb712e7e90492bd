package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.kernel.retention.SyntheticRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tejun evidence verify} with {@code TEJUN_EVIDENCE_FOLDER} (a folder the servers of a cluster share): each
 * server's folder is checked as its own chain with the data folder's key (the cluster's one), a change in one is
 * named with its server, and a run id is found in whichever server's folder holds it.
 */
class EvidenceVerifySharedCliTest {

    @TempDir
    Path temp;

    @Test
    void verify_eachServersChain_aChangeNamedWithItsServer() throws Exception {
        Path shared = Files.createDirectories(temp.resolve("shared"));
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<String> onX = new SyntheticRuns(shared.resolve("x"), t).record("a.md", 3, 10);
        List<String> onY = new SyntheticRuns(shared.resolve("y"), t.plusSeconds(60)).record("a.md", 2, 10);
        Path home = Files.createDirectories(temp.resolve("home"));
        Files.move(shared.resolve(ProofKey.FILE), home.resolve(ProofKey.FILE)); // the key lives in data folders
        Map<String, String> env = Map.of("TEJUN_EVIDENCE_FOLDER", shared.toString());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main main = new Main(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                home,
                env);
        assertEquals(0, main.execute(List.of("evidence", "verify")), err.toString(StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("x: evidence intact: 3 runs") && text.contains("y: evidence intact: 2 runs"), text);
        assertEquals(0, main.execute(List.of("evidence", "verify", onY.getFirst())), err.toString());

        Path changed = shared.resolve("y").resolve(onY.getLast()).resolve("run.json");
        Files.writeString(changed, Files.readString(changed).replace("a.md", "b.md"));
        assertEquals(1, main.execute(List.of("evidence", "verify")));
        String problems = err.toString(StandardCharsets.UTF_8);
        assertTrue(problems.contains("evidence changed: y: " + onY.getLast()), problems);
        assertEquals(0, main.execute(List.of("evidence", "verify", onX.getFirst())), problems);
    }

    @Test
    void verifyAgainst_headsOfEveryServersChain_aDeletedRunNamed() throws Exception {
        Path shared = Files.createDirectories(temp.resolve("shared"));
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<String> onX = new SyntheticRuns(shared.resolve("x"), t).record("a.md", 2, 10);
        List<String> onY = new SyntheticRuns(shared.resolve("y"), t.plusSeconds(60)).record("a.md", 2, 10);
        Path home = Files.createDirectories(temp.resolve("home"));
        Files.move(shared.resolve(ProofKey.FILE), home.resolve(ProofKey.FILE));
        // one sink receives the heads of both servers' chains
        Path export = temp.resolve("heads.jsonl");
        Files.writeString(
                export,
                head(shared.resolve("x"), onX.getLast()) + "\n" + head(shared.resolve("y"), onY.getLast()) + "\n");
        Map<String, String> env = Map.of("TEJUN_EVIDENCE_FOLDER", shared.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertEquals(
                0,
                LocalCli.run(out, err, home, env, "evidence", "verify", "--against", export.toString()),
                err.toString(StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(
                text.contains("x: evidence intact: 2 runs checked, chain unbroken, keyed; all 1 exported heads present")
                        && text.contains("y: evidence intact: 2 runs checked, chain unbroken, keyed; all 1 exported"),
                text);

        // the newest run of y and y's head deleted: the chain left looks whole, the export says what went
        Path gone = shared.resolve("y").resolve(onY.getLast());
        try (var files = Files.walk(gone)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
        Files.delete(shared.resolve("y").resolve("CHAIN"));
        assertEquals(1, LocalCli.run(out, err, home, env, "evidence", "verify", "--against", export.toString()));
        String problems = err.toString(StandardCharsets.UTF_8);
        assertTrue(problems.contains(onY.getLast()) && problems.contains("the evidence was deleted"), problems);
    }

    /** The head an export sink received when {@code runId} was sealed in {@code server}'s folder. */
    private static String head(Path server, String runId) throws Exception {
        Path run = server.resolve(runId);
        return HeadExport.json(new HeadExport.Head(
                ProofKey.EVIDENCE,
                runId,
                Manifest.sha256(run.resolve(Manifest.FILE)),
                Files.readString(run.resolve(Manifest.MAC)).strip(),
                Instant.parse("2026-01-01T01:00:00Z")));
    }
}

package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.evidence.Manifest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tejun run} beside a server whose {@code evidence.folder} is shared (docs/cluster.md §5) seals its run where
 * that server does, {@code <folder>/<cluster.node-name>/} in its chain, not in {@code TEJUN_HOME/evidence} where no
 * other server of the cluster would find it; without a node name it is refused as the server would be.
 */
class RunSharedEvidenceCliTest {

    @TempDir
    Path temp;

    @Test
    void run_sharedEvidenceFolder_sealedInTheNodesFolder() throws Exception {
        Path home = Files.createDirectories(temp.resolve("data"));
        Path shared = temp.resolve("shared");
        Files.writeString(home.resolve("tejun.yaml"), "evidence.folder: " + shared + "\ncluster.node-name: alpha\n");
        Path runbook = Files.writeString(temp.resolve("hello.md"), "```sh {#hi}\necho hello\n```\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertEquals(0, LocalCli.run(out, err, home, Map.of(), "run", runbook.toString()), err.toString());

        List<Path> runs;
        try (var dirs = Files.list(shared.resolve("alpha"))) {
            runs = dirs.filter(Files::isDirectory).toList();
        }
        assertEquals(1, runs.size(), runs.toString());
        assertTrue(Files.isRegularFile(runs.getFirst().resolve(Manifest.FILE)), runs.toString());
        assertFalse(
                Files.exists(home.resolve("evidence").resolve(runs.getFirst().getFileName())));
        assertEquals(
                0,
                LocalCli.run(out, err, home, Map.of("TEJUN_EVIDENCE_FOLDER", shared.toString()), "evidence", "verify"),
                err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("alpha: evidence intact: 1 run"), out.toString());
    }

    @Test
    void run_sharedEvidenceFolderWithoutNodeName_refused() throws Exception {
        Path home = Files.createDirectories(temp.resolve("data"));
        Files.writeString(home.resolve("tejun.yaml"), "evidence.folder: " + temp.resolve("shared") + "\n");
        Path runbook = Files.writeString(temp.resolve("hello.md"), "```sh {#hi}\necho hello\n```\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertEquals(2, LocalCli.run(out, err, home, Map.of(), "run", runbook.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("needs cluster.node-name"), err.toString());
    }
}

package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.proof.HeadExport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's way in: {@code tejun run} exports heads as $TEJUN_EXPORT_HEADS says, and {@code tejun audit
 * verify --against} / {@code tejun evidence verify --against} read them back, each in its own JVM.
 */
@Tag("e2e")
class CliHeadExportTest {

    @TempDir
    Path temp;

    private record Ran(int code, String output) {}

    private Ran tejun(Path home, Path export, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command =
                new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path log = temp.resolve("cli.log");
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TEJUN_HOME", home.toString());
        pb.environment().putAll(TestDatabases.environment(home));
        pb.environment().put("TEJUN_EXPORT_HEADS", "file:" + export);
        pb.environment().put("TEJUN_EXPORT_EVERY", "1");
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tejun did not end");
        return new Ran(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void run_exportsHeads_verifyAgainstThemFindsTheDeletedEvidence() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Path export = temp.resolve("elsewhere").resolve("heads.jsonl");
        Files.createDirectories(export.getParent());
        Path book = Files.writeString(temp.resolve("nightly.md"), "# Nightly\n\n```sh {#a}\necho hi\n```\n");
        Ran run = tejun(home, export, "run", book.toString());
        assertEquals(0, run.code(), run.output());
        String heads = Files.readString(export);
        assertTrue(heads.contains("\"kind\":\"audit\"") && heads.contains("\"kind\":\"evidence\""), heads);

        Ran audit = tejun(home, export, "audit", "verify", "--against", export.toString());
        assertEquals(0, audit.code(), audit.output());
        assertTrue(audit.output().contains("exported heads present"), audit.output());
        Ran evidence = tejun(home, export, "evidence", "verify", "--against", export.toString());
        assertEquals(0, evidence.code(), evidence.output());

        String runId = HeadExport.read(export, "evidence").getFirst().id();
        try (var files = Files.walk(home.resolve("evidence").resolve(runId))) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
        Files.delete(home.resolve("evidence").resolve("CHAIN"));
        evidence = tejun(home, export, "evidence", "verify", "--against", export.toString());
        assertEquals(1, evidence.code(), evidence.output());
        assertTrue(evidence.output().contains(runId) && evidence.output().contains("deleted"), evidence.output());

        Ran usage = tejun(home, export, "audit", "verify", "--against");
        assertEquals(2, usage.code(), usage.output());
    }
}

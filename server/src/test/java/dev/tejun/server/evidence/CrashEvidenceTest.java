package dev.tejun.server.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.cli.Main;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code tejun run} killed with SIGKILL while its cell runs: the lines it showed are in its evidence, and the next
 * server start seals the run as interrupted so {@code evidence verify} covers it. Real CLI JVM, real shell, real kill.
 */
@Tag("e2e")
class CrashEvidenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void cliRunKilled_outputOnDiskAndSealedInterruptedAtNextStart() throws Exception {
        Path pidFile = tmp.resolve("pid");
        Path book = Files.writeString(tmp.resolve("talk.md"), """
                # Talk

                ```sh {#talk}
                echo first line
                echo second line
                echo $$ > '%s'
                exec sleep 120
                ```
                """.formatted(pidFile));
        TestServer ts = new TestServer(tmp);
        Process cli = startCli(ts.data, book);
        Path stdout;
        try {
            Await.until(
                    () -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank(), "the cell running");
            stdout = onlyRun(ts.data).resolve("cells/01-talk/stdout.bin");
            Await.until(
                    () -> Files.exists(stdout) && Files.readString(stdout).contains("second line"),
                    "the shown lines in stdout.bin");
        } finally {
            cli.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: the JVM writes nothing more
            Files.readString(pidFile)
                    .lines()
                    .findFirst()
                    .flatMap(p -> ProcessHandle.of(Long.parseLong(p.strip())))
                    .ifPresent(ProcessHandle::destroyForcibly);
            ts.close();
        }
        assertEquals("first line\nsecond line\n", Files.readString(stdout));
        Path run = stdout.getParent().getParent().getParent();
        assertTrue(Files.notExists(run.resolve("manifest.json")), "the killed run sealed nothing itself");
        try (Database db = TestDatabases.open(ts.data)) {
            // its last sign of life is older than the window in which a server leaves another process's run alone
            db.write(c -> c.createStatement().executeUpdate("UPDATE runs SET seen_at = '2000-01-01T00:00:00Z'"));
        }

        try (TestServer again = new TestServer(tmp)) {
            String runId = run.getFileName().toString();
            JsonNode rows = JSON.readTree(again.get("/api/runs").body());
            assertEquals(runId, rows.get(0).path("runId").asText(), rows.toString());
            assertEquals("INTERRUPTED", rows.get(0).path("status").asText(), "the run index: " + rows);
            assertTrue(Files.exists(run.resolve("manifest.json")), "sealed at the start");
            assertEquals(
                    "INTERRUPTED",
                    JSON.readTree(run.resolve("run.json").toFile())
                            .path("status")
                            .asText());
            String audit = again.get("/api/audit?action=execution.end").body();
            assertTrue(audit.contains(runId) && audit.contains("interrupted"), audit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = EvidenceVerifyCommand.run(
                ts.data.resolve("evidence"),
                null,
                null,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        assertTrue(
                out.toString(StandardCharsets.UTF_8).contains("1 run checked"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void runEndedButUnsealed_isSealedAtNextStartWithoutASecondEnd() throws Exception {
        String runId;
        Path run;
        try (TestServer ts = new TestServer(tmp)) {
            ts.write("ok.md", "# Ok\n\n```sh {#a}\necho done\n```\n");
            runId = ts.runEnded(ts.post("/api/runs", "{\"runbook\":\"ok.md\"}"), "OK");
            run = ts.data.resolve("evidence").resolve(runId);
        }
        // as if the process died after its end was recorded (index row and audit entry) and before the seal
        Files.delete(run.resolve("manifest.json"));

        try (TestServer again = new TestServer(tmp)) {
            assertTrue(Files.exists(run.resolve("manifest.json")), "sealed at the start");
            JsonNode row = JSON.readTree(again.get("/api/runs/" + runId).body());
            assertEquals("OK", row.path("status").asText(), "the recorded end stands: " + row);
            JsonNode ends =
                    JSON.readTree(again.get("/api/audit?action=execution.end").body());
            long mine = Stream.of(ends.toString().split(runId, -1)).count() - 1;
            assertTrue(mine >= 1, ends.toString());
            assertTrue(!ends.toString().contains("interrupted"), "no second end, as interrupted: " + ends);
        }
    }

    private Process startCli(Path data, Path file) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "run",
                        file.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("cli.log").toFile());
        pb.environment().put("TEJUN_HOME", data.toString());
        pb.environment().putAll(TestDatabases.environment(data));
        pb.environment().put("TEJUN_CELL_SANDBOX", "none"); // its cell writes its pid into the test's temp folder
        return pb.start();
    }

    private static Path onlyRun(Path data) throws Exception {
        try (Stream<Path> runs = Files.list(data.resolve("evidence"))) {
            return runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }
}

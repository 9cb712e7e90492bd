package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.runs.RunIndex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun run FILE} in its own JVM, as the launcher starts it, writes to the audit log and the run index. */
@Tag("e2e")
class CliRunRecordTest {

    @TempDir
    Path temp;

    private int tejunRun(Path home, Path file) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "run",
                        file.toString())
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("cli.log").toFile());
        pb.environment().put("TEJUN_HOME", home.toString());
        pb.environment().putAll(TestDatabases.environment(home));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tejun run did not end");
        return p.exitValue();
    }

    @Test
    void run_writesStartAndEndToTheAuditLogAndIndexesTheRun() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Path book = Files.writeString(temp.resolve("nightly.md"), "# Nightly\n\n```sh {#a}\necho hi\n```\n");
        assertEquals(0, tejunRun(home, book), Files.readString(temp.resolve("cli.log"), StandardCharsets.UTF_8));
        Path failing = Files.writeString(temp.resolve("broken.md"), "# Broken\n\n```sh {#a}\nexit 3\n```\n");
        assertEquals(1, tejunRun(home, failing));

        String me = System.getProperty("user.name");
        try (Database db = TestDatabases.open(home)) {
            AuditLog log = new AuditLog(db, Clock.systemUTC());
            List<String> seen = log.query(new AuditLog.Filter(null, "execution", null, null, 100)).reversed().stream()
                    .map(e -> e.user() + "/" + e.iface() + "/" + e.action() + "/" + e.outcome() + "/" + e.target())
                    .toList();
            assertEquals(
                    List.of(
                            me + "/cli/execution.start/started/" + book,
                            me + "/cli/execution.end/ok/" + book,
                            me + "/cli/execution.start/started/" + failing,
                            me + "/cli/execution.end/failed/" + failing),
                    seen);
            AuditEntry end = log.query(new AuditLog.Filter(null, "execution.end", null, null, 1))
                    .getFirst();
            assertTrue(end.detail().matches("\\{\"runId\":\"[^\"]+\",\"manifest\":\"[0-9a-f]{64}\"}"), end.detail());
            assertTrue(log.verify().ok(), log.verify().toString());

            List<RunIndex.RunRow> runs =
                    new RunIndex(db, Json.newMapper()).list(new RunIndex.Filter(null, me, null, null, 10));
            assertEquals(2, runs.size(), runs.toString());
            assertEquals("cli", runs.getFirst().via());
            assertEquals(
                    List.of("FAILED", "OK"),
                    runs.stream().map(RunIndex.RunRow::status).toList());
        }
    }

    @Test
    void runFlow_flowActionsAndTheNodesRunGoToTheAuditLogAndRunIndexOfTheDataFolder() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Path books = Files.createDirectories(temp.resolve("runbooks"));
        Files.writeString(books.resolve("step.md"), "# Step\n\n```sh {#a}\necho step\n```\n");
        Path flow = Files.writeString(books.resolve("tiny.flow.yaml"), """
                title: Tiny
                nodes:
                  - { id: step, type: runbook, runbook: step.md, next: end }
                  - { id: end, type: end }
                """);

        assertEquals(0, tejunRun(home, flow), Files.readString(temp.resolve("cli.log"), StandardCharsets.UTF_8));

        String me = System.getProperty("user.name");
        try (Database db = TestDatabases.open(home)) {
            AuditLog log = new AuditLog(db, Clock.systemUTC());
            List<String> seen = log.query(new AuditLog.Filter(null, "flow", null, null, 100)).reversed().stream()
                    .map(e -> e.user() + "/" + e.iface() + "/" + e.action() + "/"
                            + e.target().replaceAll("instance:\\S+", "instance:ID"))
                    .toList();
            assertEquals(
                    List.of(
                            me + "/cli/flow.start/flow:tiny.flow.yaml instance:ID",
                            me + "/cli/flow.node.start/flow:tiny.flow.yaml instance:ID node:step",
                            me + "/cli/flow.node.end/flow:tiny.flow.yaml instance:ID node:step",
                            "engine/cli/flow.end/flow:tiny.flow.yaml instance:ID"),
                    seen); // the end is the engine's decision
            assertTrue(log.verify().ok(), log.verify().toString());

            // the node's run is a run of step.md, as the server records its flows' node runs
            List<RunIndex.RunRow> runs =
                    new RunIndex(db, Json.newMapper()).list(new RunIndex.Filter("step.md", null, null, null, 10));
            assertEquals(1, runs.size(), runs.toString());
            assertEquals("OK", runs.getFirst().status());
            List<String> executions =
                    log.query(new AuditLog.Filter(null, "execution", null, null, 100)).reversed().stream()
                            .map(e -> e.action() + "/" + e.target() + "/"
                                    + e.detail().contains(runs.getFirst().runId()))
                            .toList();
            assertEquals(List.of("execution.start/step.md/true", "execution.end/step.md/true"), executions);
        }
    }
}

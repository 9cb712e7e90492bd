package dev.tejun.server.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.audit.AuditVerifyCommand;
import dev.tejun.server.cli.Main;
import dev.tejun.server.evidence.EvidenceVerifyCommand;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tejun backup} in its own process while the server runs a run, then {@code tejun restore} into a new folder:
 * a server starts on the copy, and the audit chain and the evidence chain verify. On PostgreSQL (the second pass) the
 * database is dumped and restored into an empty one with PostgreSQL's own tools.
 */
@Tag("e2e")
class BackupRestoreTest {

    @TempDir
    Path temp;

    private int tejun(Path home, String... args) throws Exception {
        return tejun(home, TestDatabases.environment(home), args);
    }

    /** {@code tejun ARGS} in its own process on the data folder {@code home} and the database {@code env} names. */
    private int tejun(Path home, Map<String, String> env, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(
                List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("cli.log").toFile());
        pb.environment().put("TEJUN_HOME", home.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "tejun " + args[0] + " did not end");
        return p.exitValue();
    }

    @Test
    void backupDuringARun_restoredCopyStartsAndVerifies() throws Exception {
        Path archive = temp.resolve("backup.tar.gz");
        Path live = temp.resolve("live");
        try (TestServer t = new TestServer(live)) {
            t.write("quick.md", "# Quick\n\n```sh\necho quick\n```\n");
            t.write("slow.md", "# Slow\n\n```sh\nsleep 6; echo slow\n```\n");
            Files.writeString(t.data.resolve("tejun.yaml"), "server.port: 7171\n");
            assertTrue(t.post("/api/runs", "{\"runbook\":\"quick.md\"}").statusCode() < 300);
            Await.until(() -> t.get("/api/runs").body().contains("\"status\":\"OK\""), "the quick run ended");
            assertTrue(t.post("/api/runs", "{\"runbook\":\"slow.md\"}").statusCode() < 300);
            Await.until(() -> t.get("/api/runs").body().contains("\"status\":\"RUNNING\""), "the slow run runs");

            int code = tejun(t.data, "backup", "-o", archive.toString());
            assertEquals(0, code, Files.readString(temp.resolve("cli.log")));
            assertTrue(Files.readString(temp.resolve("cli.log")).contains("backed up "));
            Process list = new ProcessBuilder("tar", "tzf", archive.toString()).start();
            List<String> names =
                    List.of(new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
            boolean pg = TestDatabases.postgresql();
            assertEquals(pg, names.contains("tejun.pgdump"), "PostgreSQL's dump: " + names);
            assertEquals(!pg, names.contains("tejun.db"), "SQLite's copy: " + names);
            Await.until(() -> !t.get("/api/runs").body().contains("\"status\":\"RUNNING\""), "the slow run ended");
        }

        Path copy = temp.resolve("copy");
        TestDatabases.empty(copy.resolve("data")); // a restore takes only an empty database
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(
                0,
                tejun(copy.resolve("data"), "restore", archive.toString()),
                Files.readString(temp.resolve("cli.log")));
        assertTrue(Files.exists(copy.resolve("data/tejun.yaml")), "the config is in the backup");
        assertEquals(1, tejun(copy.resolve("data"), "restore", archive.toString()), "a second restore over it");
        assertTrue(Files.readString(temp.resolve("cli.log")).contains("is not empty"));
        if (TestDatabases.postgresql()) {
            // a new folder, but the database restored into already: refused, and the folder left as it was
            Path again = temp.resolve("again/data");
            assertEquals(
                    1, tejun(again, TestDatabases.environment(copy.resolve("data")), "restore", archive.toString()));
            assertTrue(
                    Files.readString(temp.resolve("cli.log")).contains("is not empty"),
                    Files.readString(temp.resolve("cli.log")));
            assertTrue(!Files.exists(again), "nothing left in the folder");
            // a PostgreSQL backup into a SQLite folder: refused with what to set
            assertEquals(1, tejun(temp.resolve("sqlite/data"), Map.of(), "restore", archive.toString()));
            assertTrue(Files.readString(temp.resolve("cli.log")).contains("holds a PostgreSQL database"));
        }

        Files.createDirectories(copy.resolve("runbooks"));
        try (TestServer restored = new TestServer(copy)) {
            assertEquals(
                    200,
                    restored.send("GET", "/api/health/ready", null, java.util.Map.of())
                            .statusCode());
            assertTrue(restored.get("/api/runs").body().contains("quick.md"));
        }
        assertEquals(
                0, AuditVerifyCommand.run(TestDatabases.settings(copy.resolve("data")), null, o, e), out + " / " + err);
        assertEquals(0, EvidenceVerifyCommand.run(copy.resolve("data/evidence"), null, null, o, e), out + " / " + err);
    }
}

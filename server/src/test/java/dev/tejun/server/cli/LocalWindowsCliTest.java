package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.guard.windows.OverrideStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tejun run FILE} without a server obeys the runbook's maintenance windows as a server's manual run does:
 * refused inside a freeze (exit 3, nothing runs, audited) until an approver's override on the same database.
 */
@Tag("e2e")
class LocalWindowsCliTest {

    @TempDir
    Path temp;

    /** {@code tejun run FILE} in its own JVM (its data folder is TEJUN_HOME), as the launcher starts it. */
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
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tejun run did not end");
        return p.exitValue();
    }

    private String said() throws Exception {
        return Files.readString(temp.resolve("cli.log"), StandardCharsets.UTF_8);
    }

    @Test
    void run_insideFreeze_refusedUntilOverride() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Path books = Files.createDirectories(temp.resolve("books"));
        Files.createDirectories(books.resolve("calendars"));
        Files.writeString(
                books.resolve("calendars/forever.yaml"),
                "type: block\ntimezone: UTC\nwindows:\n  - from: 2000-01-01\n    to: 2100-01-01\n");
        Path frozen = Files.writeString(
                books.resolve("frozen.md"), "---\nblackouts: [forever]\n---\n```sh\necho ran-the-cell\n```\n");

        assertEquals(RunCommand.WINDOW_CLOSED, tejunRun(home, frozen), said());
        assertTrue(said().contains("frozen.md may not start now") && said().contains("inside freeze forever"), said());
        assertFalse(said().contains("ran-the-cell"), "nothing ran");

        try (Database db = Database.open(home.resolve("tejun.db"))) {
            Instant now = Instant.now();
            new OverrideStore(db).grant("frozen.md", "april", "CHG-7", now, now.plus(Duration.ofMinutes(15)));
        }
        assertEquals(0, tejunRun(home, frozen), said());
        assertTrue(said().contains("ran-the-cell"), said());
        try (Database db = Database.open(home.resolve("tejun.db"))) {
            List<String> actions = new AuditLog(db, Clock.systemUTC())
                    .query(new AuditLog.Filter(null, "window", null, null, 10)).stream()
                            .map(e -> e.action() + "/" + e.iface())
                            .toList();
            assertEquals(List.of("window.override-used/cli", "window.refused/cli"), actions);
        }
    }
}

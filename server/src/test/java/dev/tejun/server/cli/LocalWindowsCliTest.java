package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.guard.windows.OverrideStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    private final ByteArrayOutputStream said = new ByteArrayOutputStream();

    /**
     * {@code tejun run FILE} in this JVM with {@code home} as its data folder: {@code Main(out, err, home)} hands it
     * to {@code run} as to every other command (it used to run in $TEJUN_HOME, the module folder's {@code .tejun}).
     */
    private int tejunRun(Path home, Path file) throws Exception {
        PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.putAll(TestDatabases.environment(home)); // the database the run chose (PostgreSQL in the second pass)
        return new Main(out, out, home, env).execute(List.of("run", file.toString()));
    }

    private String said() {
        return said.toString(StandardCharsets.UTF_8);
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

        try (Database db = TestDatabases.open(home)) {
            Instant now = Instant.now();
            new OverrideStore(db).grant("frozen.md", "april", "CHG-7", now, now.plus(Duration.ofMinutes(15)));
        }
        assertEquals(0, tejunRun(home, frozen), said());
        assertTrue(said().contains("ran-the-cell"), said());
        try (Database db = TestDatabases.open(home)) {
            List<String> actions = new AuditLog(db, Clock.systemUTC())
                    .query(new AuditLog.Filter(null, "window", null, null, 10)).stream()
                            .map(e -> e.action() + "/" + e.iface())
                            .toList();
            assertEquals(List.of("window.override-used/cli", "window.refused/cli"), actions);
        }
    }
}

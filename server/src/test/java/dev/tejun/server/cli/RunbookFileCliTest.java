package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun runbook mv|rm} against a server: the REST rename and delete, refusals printed with their referrers. */
class RunbookFileCliTest {

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    @Test
    void mvThenRm_movesAndDeletes_andARefusalNamesTheReferrer() throws Exception {
        ts = new TestServer(tmp.resolve("server"));
        CliAgainstServer cli = new CliAgainstServer(ts, tmp.resolve("home"));
        ts.write("disk.md", "# Disk\n");

        assertEquals(0, cli.run("runbook", "mv", "runbooks/disk.md", "ops/disk-check.md"), cli.err());
        assertTrue(cli.out().contains("moved disk.md to ops/disk-check.md"), cli.out());
        assertEquals("# Disk\n", Files.readString(ts.runbooks.resolve("ops/disk-check.md")));

        ts.write(
                "rules/disk.yaml",
                "rules:\n  - name: full\n    when: { labels.alertname: DiskFull }\n    run: ops/disk-check.md\n");
        assertNotEquals(0, cli.run("runbook", "rm", "ops/disk-check.md"));
        assertTrue(cli.err().contains("alert rule rules/disk.yaml#full"), cli.err());
        assertTrue(Files.exists(ts.runbooks.resolve("ops/disk-check.md")));

        Files.delete(ts.runbooks.resolve("rules/disk.yaml"));
        assertEquals(0, cli.run("runbook", "rm", "ops/disk-check.md", "--message", "Retire"), cli.err());
        assertTrue(cli.out().contains("deleted ops/disk-check.md"), cli.out());
        assertTrue(Files.notExists(ts.runbooks.resolve("ops/disk-check.md")));
    }
}

package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun windows status|override} against a server. */
class WindowsCliTest {

    @TempDir
    Path tmp;

    @AutoClose
    private TestServer ts;

    @Test
    void override_withReason_letsRunStart() throws Exception {
        ts = new TestServer(tmp.resolve("server"));
        ts.write(
                "calendars/forever.yaml",
                "type: block\ntimezone: UTC\nwindows:\n  - from: 2000-01-01\n    to: 2100-01-01\n");
        ts.write("frozen.md", "---\nblackouts: [forever]\n---\n```sh\necho hi\n```\n");
        CliAgainstServer cli = new CliAgainstServer(ts, tmp.resolve("home"));

        assertEquals(0, cli.run("windows", "status", "frozen.md"));
        assertTrue(cli.out().contains("may not start now") && cli.out().contains("inside freeze forever"), cli.out());
        assertTrue(cli.run("run", "frozen.md") != 0);
        assertTrue(cli.err().contains("inside freeze forever"), cli.err());

        assertEquals(2, cli.run("windows", "override", "frozen.md"));
        assertEquals(0, cli.run("windows", "override", "frozen.md", "--reason", "CHG-7", "--minutes", "15"));
        assertTrue(cli.out().contains("may start by hand until"), cli.out());
        assertEquals(0, cli.run("run", "frozen.md"), cli.err());
    }
}

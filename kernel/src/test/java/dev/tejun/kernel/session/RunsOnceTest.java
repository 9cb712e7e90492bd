package dev.tejun.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session that runs one run and ends (an API run, a schedule's) starts a shell sandbox process (the zygote) only
 * for a language with more than one cell in that run: a lone {@code sh} cell runs in a sandbox of its own (the
 * zygote roughly doubled the CPU of a one-cell run), while two {@code sh} cells still share one sandbox, as a
 * notebook's do.
 */
class RunsOnceTest {

    /** Whether the cell's namespace holds the zygote: the one Python process a session's sandbox process is. */
    private static final String ZYGOTE_HERE = "z=none; for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline 2>/dev/null"
            + " | grep -q '^/usr/bin/python3 -I -S -c' && z=here && break; done; echo zygote=$z\n";

    @TempDir
    Path tmp;

    @BeforeEach
    void zygotesHere() {
        assertTrue(CellSandbox.configured(tmp).zygotes(), "bubblewrap and python3 are installed by ./tejun test");
    }

    @Test
    void runsOnce_oneShellCell_runsInASandboxOfItsOwn() throws Exception {
        try (Session session = ShellSessions.open(
                tmp, "# One\n\n```sh {#a}\n" + ZYGOTE_HERE + "```\n", Map.of(), r -> Optional.empty(), null)) {
            session.runsOnce(List.of());
            assertEquals(CellStatus.OK, run(session).status());
            assertEquals("zygote=none\n", ShellSessions.output(session, "a"));
        }
    }

    @Test
    void runsOnce_twoShellCells_shareTheSessionsSandbox() throws Exception {
        String book = "# Two\n\n```sh {#a}\necho left > /tmp/mark\n" + ZYGOTE_HERE
                + "```\n\n```sh {#b}\ncat /tmp/mark\n" + ZYGOTE_HERE + "```\n";
        try (Session session = ShellSessions.open(tmp, book, Map.of(), r -> Optional.empty(), null)) {
            session.runsOnce(List.of());
            assertEquals(CellStatus.OK, run(session).status());
            assertEquals("zygote=here\n", ShellSessions.output(session, "a"));
            assertEquals("left\nzygote=here\n", ShellSessions.output(session, "b"), "one sandbox: one /tmp");
        }
    }

    @Test
    void notRunOnce_oneShellCell_inTheSessionsSandbox_forTheCellsThatFollow() throws Exception {
        try (Session session = ShellSessions.open(
                tmp, "# One\n\n```sh {#a}\n" + ZYGOTE_HERE + "```\n", Map.of(), r -> Optional.empty(), null)) {
            assertEquals(CellStatus.OK, run(session).status());
            assertEquals("zygote=here\n", ShellSessions.output(session, "a"));
        }
    }

    private static RunFinished run(Session session) throws Exception {
        return session.run(List.of(), "alice", "api").finished().get(60, TimeUnit.SECONDS);
    }
}

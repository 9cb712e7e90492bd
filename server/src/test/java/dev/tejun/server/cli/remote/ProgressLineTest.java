package dev.tejun.server.cli.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.RunStarted;
import dev.tejun.kernel.event.Stream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicLong nanos = new AtomicLong();

    private ProgressLine line(boolean terminal) {
        return new ProgressLine(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal,
                nanos::get);
    }

    private void feed(ProgressLine p) {
        Instant t = Instant.EPOCH;
        p.accept(new RunStarted(1, t, "r", "a.md", List.of("one", "two", "three"), "u"));
        p.accept(new CellStarted(2, t, "r", "one", "sh", "true"));
        p.accept(new CellFinished(3, t, "r", "one", CellStatus.OK, 0, 5, null));
        p.accept(new CellStarted(4, t, "r", "two", "sh", "sleep"));
        p.accept(new CellOutput(5, t, "r", "two", Stream.STDOUT, null, "working\n"));
    }

    @Test
    void text_showsDoneTotalCurrentCellAndElapsed() {
        try (ProgressLine p = line(true)) {
            feed(p);
            nanos.addAndGet(83_000_000_000L);
            assertEquals("[1/3] two · 1:23", p.text());
            assertTrue(
                    err.toString(StandardCharsets.UTF_8).contains("\r[1/3] two · 0:00\u001b[K"),
                    err.toString(StandardCharsets.UTF_8));
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("working\n"));
    }

    @Test
    void accept_notATerminal_writesNoProgressToStderr() {
        try (ProgressLine p = line(false)) {
            feed(p);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("── [2/3] two (sh)"));
    }

    @Test
    void accept_partialOutputLine_isNotOverdrawn() {
        try (ProgressLine p = line(true)) {
            feed(p);
            err.reset();
            p.accept(new CellOutput(6, Instant.EPOCH, "r", "two", Stream.STDOUT, null, "no newline yet"));
            assertFalse(err.toString(StandardCharsets.UTF_8).contains("[1/3]"), err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void runbookName_pathThroughRunbooksFolder_isCutToTheServersName() {
        assertEquals("ops/x.md", RunbookName.of("runbooks/ops/x.md"));
        assertEquals("ops/x.md", RunbookName.of("./runbooks/ops/x.md"));
        assertEquals("x.md", RunbookName.of("/home/me/repo/runbooks/x.md"));
        assertEquals("ops/x.md", RunbookName.of("ops/x.md"));
    }
}

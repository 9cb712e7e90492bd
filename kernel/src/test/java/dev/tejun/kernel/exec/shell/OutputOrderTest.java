package dev.tejun.kernel.exec.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output keeps the order the program wrote it in across stdout and stderr (issue 15 §2): a program writing
 * {@code 1-out 2-err 3-out 4-err 5-out}, flushing and pausing 1 ms between lines, is recorded in exactly that order
 * 100 runs out of 100, in a session's zygote and in a cell started on its own (no sandbox). Two pipes read as they
 * become ready cannot promise that on a loaded machine (85 of 100 in the zygote at load 23 before this), so a
 * cell's stdout and stderr are one pipe unless it says {@code streams=separate}; {@code pty=true} is one terminal.
 */
class OutputOrderTest {

    /** Five lines, alternating streams, each flushed (printf is a builtin: one write) with a 1 ms pause between. */
    private static final String PROGRAM = "printf '1-out\\n'; sleep 0.001; printf '2-err\\n' >&2; sleep 0.001;"
            + " printf '3-out\\n'; sleep 0.001; printf '4-err\\n' >&2; sleep 0.001; printf '5-out\\n'";

    private static final List<String> EXPECTED = List.of("1-out", "2-err", "3-out", "4-err", "5-out");

    @TempDir
    Path dir;

    @AfterEach
    void clearMode() {
        System.clearProperty(CellSandbox.MODE_PROPERTY);
    }

    @Test
    void execute_alternatingStreamsInZygote_keepsTheWrittenOrder100Of100() {
        assertOrderKept(Map.of(), 100);
    }

    @Test
    void execute_alternatingStreamsUnsandboxed_keepsTheWrittenOrder100Of100() {
        System.setProperty(CellSandbox.MODE_PROPERTY, "none");
        assertOrderKept(Map.of(), 100);
    }

    @Test
    void execute_ptyInZygote_keepsTheOrderOnATerminal() {
        assertOrderKept(Map.of("pty", "true"), 20);
        assertEquals(
                "tty\n",
                run(Map.of("pty", "true"), "[ -t 1 ] && [ -t 2 ] && echo tty").text());
    }

    @Test
    void execute_ptyUnsandboxed_keepsTheOrderOnATerminal() {
        System.setProperty(CellSandbox.MODE_PROPERTY, "none");
        assertOrderKept(Map.of("pty", "true"), 20);
        assertEquals(
                "tty\n",
                run(Map.of("pty", "true"), "[ -t 1 ] && [ -t 2 ] && echo tty").text());
    }

    @Test
    void execute_withoutPty_isNoTerminal() {
        assertEquals("pipe\n", run(Map.of(), "[ -t 1 ] || echo pipe").text());
    }

    @Test
    void execute_streamsSeparate_tellsStderrApart() {
        Lines out = run(Map.of("streams", "separate"), "echo a; echo b >&2");
        assertTrue(out.tagged().contains("STDERR b"), out.tagged().toString());
        assertTrue(out.tagged().contains("STDOUT a"), out.tagged().toString());
    }

    @Test
    void execute_badStreamsValue_isRefused() {
        try (Executor executor = executor()) {
            CellOutcome outcome = executor.execute(request(Map.of("streams", "both"), "echo hi"), new Lines());
            assertTrue(outcome.message().contains("streams=both is not merged or separate"), outcome.message());
        }
    }

    private Executor executor() {
        return new ShellExecutorFactory().create(new SessionContext("s1", dir, dir));
    }

    private CellRequest request(Map<String, String> attributes, String code) {
        return new CellRequest(
                "run-1", "cell-1", "sh", code, new Attributes(null, List.of(), attributes), dir, null, Map.of());
    }

    private Lines run(Map<String, String> attributes, String code) {
        try (Executor executor = executor()) {
            Lines out = new Lines();
            assertEquals(CellOutcome.ok(0, null), executor.execute(request(attributes, code), out));
            return out;
        }
    }

    private void assertOrderKept(Map<String, String> attributes, int runs) {
        try (Executor executor = executor()) {
            int inOrder = 0;
            List<String> lastWrong = null;
            for (int i = 0; i < runs; i++) {
                Lines out = new Lines();
                assertEquals(CellOutcome.ok(0, null), executor.execute(request(attributes, PROGRAM), out));
                if (out.lines().equals(EXPECTED)) {
                    inOrder++;
                } else {
                    lastWrong = out.tagged();
                }
            }
            assertEquals(runs, inOrder, "runs in the written order; one that was not: " + lastWrong);
        }
    }

    /** Each line with the stream it came on, in the order the output received them. */
    private static final class Lines implements Output {
        private final List<String> tagged = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public synchronized void write(Stream stream, String host, byte[] data, int offset, int length) {
            String s = new String(data, offset, length, StandardCharsets.UTF_8);
            text.append(s);
            partial.append(s);
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                tagged.add(stream + " " + partial.substring(0, nl));
                partial.delete(0, nl + 1);
            }
        }

        @Override
        public void result(String mime, String data) {}

        synchronized List<String> tagged() {
            return List.copyOf(tagged);
        }

        synchronized List<String> lines() {
            return tagged.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
        }

        synchronized String text() {
            return text.toString();
        }
    }
}

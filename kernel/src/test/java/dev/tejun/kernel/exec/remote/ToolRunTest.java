package dev.tejun.kernel.exec.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real tool (python3) that writes its lines to stdout and stderr by turns, flushing each, as fast as it can: merged,
 * the output holds them in exactly the order written; separate, each stream holds its own lines in order.
 */
class ToolRunTest {

    private static final int LINES = 2000;
    private static final String ALTERNATE = """
            import sys
            for i in range(%d):
                s = sys.stdout if i %% 2 == 0 else sys.stderr
                s.write(str(i) + "\\n")
                s.flush()
            """.formatted(LINES);

    @TempDir
    Path data;

    /** Every write as it came, and each stream's text on its own. */
    static final class Arrivals implements Output {
        final StringBuilder all = new StringBuilder();
        final Map<Stream, StringBuilder> byStream = new EnumMap<>(Stream.class);

        @Override
        public synchronized void write(Stream stream, String host, byte[] data, int offset, int length) {
            String text = new String(data, offset, length, StandardCharsets.UTF_8);
            all.append(text);
            byStream.computeIfAbsent(stream, s -> new StringBuilder()).append(text);
        }

        @Override
        public void result(String mime, String data) {}

        @Override
        public void hostStatus(String host, String status, String detail) {}

        synchronized List<String> lines(Stream stream) {
            StringBuilder text = stream == null ? all : byStream.getOrDefault(stream, new StringBuilder());
            return text.toString().lines().toList();
        }
    }

    private Arrivals run(boolean merged) throws Exception {
        Path work = Files.createDirectories(data.resolve("work"));
        Arrivals out = new Arrivals();
        ToolRun.Ending ending = ToolRun.run(
                CellSandbox.configured(data),
                work,
                List.of(),
                List.of("/usr/bin/python3", "-c", ALTERNATE),
                work,
                Map.of("PATH", "/usr/bin:/bin"),
                Duration.ofMinutes(2),
                merged,
                out);
        assertEquals(0, ending.exit(), out.lines(null).toString());
        return out;
    }

    private static List<String> numbers(int from, int step) {
        List<String> n = new ArrayList<>();
        for (int i = from; i < LINES; i += step) {
            n.add(Integer.toString(i));
        }
        return n;
    }

    @Test
    void run_merged_everyLineInTheOrderWritten() throws Exception {
        Arrivals out = run(true);
        assertEquals(IntStream.range(0, LINES).mapToObj(Integer::toString).toList(), out.lines(null));
        assertEquals(List.of(), out.lines(Stream.STDERR), "merged: stderr arrives as stdout");
    }

    @Test
    void run_separate_eachStreamInItsOwnOrder() throws Exception {
        Arrivals out = run(false);
        assertEquals(numbers(0, 2), out.lines(Stream.STDOUT));
        assertEquals(numbers(1, 2), out.lines(Stream.STDERR));
    }
}

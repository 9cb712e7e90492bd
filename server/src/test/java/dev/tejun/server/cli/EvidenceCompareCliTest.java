package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.retention.SyntheticRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun evidence compare RUN-A RUN-B} on the data folder. */
class EvidenceCompareCliTest {

    @TempDir
    Path temp;

    @Test
    void compare_twoRuns_printsCellsAndOutputDiff_unknownRunExit1() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        SyntheticRuns runs = new SyntheticRuns(home.resolve("evidence"), Instant.parse("2026-01-01T00:00:00Z"));
        String a = runs.record("a.md", 1, 3).getFirst();
        String b = runs.record("a.md", 1, 5).getFirst();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main main = new Main(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                home);

        assertEquals(0, main.execute(List.of("evidence", "compare", a, b)), err.toString(StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("A " + a) && text.contains("B " + b), text);
        assertTrue(text.contains("- xxx") && text.contains("+ xxxxx"), text);

        assertEquals(1, main.execute(List.of("evidence", "compare", a, "20990101-000000-abcdef")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no run 20990101-000000-abcdef"));
    }
}

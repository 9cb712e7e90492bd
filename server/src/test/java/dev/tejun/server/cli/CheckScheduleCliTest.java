package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckScheduleCliTest {

    @TempDir
    Path tmp;

    @Test
    void check_badCronInFrontMatter_failsWithReason() throws Exception {
        Path good = Files.writeString(tmp.resolve("good.md"), "---\nschedule: \"0 3 * * MON\"\n---\n# ok\n");
        Path bad = Files.writeString(tmp.resolve("bad.md"), "---\nschedule: \"0 3 * * MOON\"\n---\n# bad\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Main main = new Main(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, main.execute(List.of("check", good.toString())));
        out.reset();
        assertEquals(1, main.execute(List.of("check", bad.toString())));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("schedule:") && printed.contains("MOON"), printed);
    }
}

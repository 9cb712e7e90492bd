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

/** {@code tejun check} on the calendars a runbook names. */
class CheckWindowsCliTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Main main =
            new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));

    @Test
    void check_unknownCalendar_failsNamingIt() throws Exception {
        Files.createDirectories(tmp.resolve("calendars"));
        Files.writeString(
                tmp.resolve("calendars/year-end.yaml"),
                "type: block\nwindows:\n  - from: 2026-12-28\n    to: 2027-01-04\n");
        Path good = Files.writeString(tmp.resolve("good.md"), "---\nblackouts: [year-end]\n---\n# ok\n");
        Path bad = Files.writeString(tmp.resolve("bad.md"), "---\nblackouts: [year-ends]\n---\n# bad\n");
        assertEquals(0, main.execute(List.of("check", good.toString())), out.toString(StandardCharsets.UTF_8));
        out.reset();
        assertEquals(1, main.execute(List.of("check", bad.toString())));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("unknown calendar 'year-ends'"), printed);
    }

    @Test
    void check_calendarUnderWrongKey_warnsButPasses() throws Exception {
        Files.createDirectories(tmp.resolve("ops/calendars"));
        Files.writeString(
                tmp.resolve("ops/calendars/weekend.yaml"),
                "type: allow\nwindows:\n  - cron: \"0 22 * * SAT\"\n    duration: 6h\n");
        Path file = Files.writeString(tmp.resolve("ops/a.md"), "---\nblackouts: [weekend]\n---\n# a\n");
        assertEquals(0, main.execute(List.of("check", file.toString())));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("type allow but named under blackouts:"));
    }
}

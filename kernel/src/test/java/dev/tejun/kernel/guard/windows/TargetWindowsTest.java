package dev.tejun.kernel.guard.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.folder.RunbookFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A runbook's windows as the notebook asks for them at every cell: read each time, so an edit applies at once. */
class TargetWindowsTest {

    private static final Instant IN_THE_FREEZE = Instant.parse("2026-12-30T12:00:00Z");

    @TempDir
    Path root;

    @Test
    void decide_runbookEditedBetweenQuestions_answersFromTheNewText() throws Exception {
        Files.createDirectories(root.resolve("calendars"));
        Files.writeString(
                root.resolve("calendars/year-end.yaml"),
                "type: block\ntimezone: UTC\nwindows:\n  - from: 2026-12-28\n    to: 2027-01-04T06:00\n");
        Path book = Files.writeString(root.resolve("patch.md"), "# Patch\n\n```sh\ntrue\n```\n");
        TargetWindows windows = new TargetWindows(new RunbookFolder(root), ZoneId.of("UTC"));
        assertTrue(windows.decide("patch.md", IN_THE_FREEZE).open());

        Files.writeString(book, "---\nblackouts: [year-end]\n---\n# Patch\n\n```sh\ntrue\n```\n");
        assertFalse(windows.decide("patch.md", IN_THE_FREEZE).open(), "the blackout added counts at once");
        assertEquals(List.of("year-end"), windows.rules("patch.md").blackouts());

        Files.writeString(book, "# Patch\n\n```sh\ntrue\n```\n");
        assertTrue(windows.decide("patch.md", IN_THE_FREEZE).open(), "and its removal too");

        Files.delete(book);
        assertFalse(windows.rules("patch.md").any());
    }
}

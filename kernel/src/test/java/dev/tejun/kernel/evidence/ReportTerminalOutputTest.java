package dev.tejun.kernel.evidence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Stream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML and Markdown reports show a progress bar's last state and no raw escape sequences (issue 15 §2), while
 * the evidence keeps the bytes as written.
 */
class ReportTerminalOutputTest {

    @TempDir
    Path root;

    @Test
    void reports_progressBarAndColours_showAsOnATerminal() throws Exception {
        EvidenceStore store = new EvidenceStore(root, Clock.systemUTC());
        String runId = store.newRunId();
        Instant now = Instant.now();
        RunRecorder r = store.begin(new RunInfo(
                runId,
                "book.md",
                "# Book\n\n```sh {#a}\napt-get install x\n```\n".getBytes(StandardCharsets.UTF_8),
                GitInfo.NONE,
                Map.of(),
                "eve",
                "web",
                now));
        r.cellStarted(new CellStarted(1, now, runId, "a", "sh", "apt-get install x\n"));
        byte[] out = "Progress: 10%\rProgress: 55%\rProgress: 100%\n\u001b[32mDone\u001b[0m\n"
                .getBytes(StandardCharsets.UTF_8);
        r.output("a", Stream.STDOUT, null, out, 0, out.length);
        r.cellFinished(new CellFinished(2, now, runId, "a", CellStatus.OK, 0, 1, null));
        r.finish(CellStatus.OK);

        EvidenceReport report = EvidenceReport.of(root.resolve(runId));
        for (String text : new String[] {report.html(), report.markdown()}) {
            assertTrue(text.contains("Progress: 100%\nDone\n"), text);
            assertFalse(text.contains("10%"), "an overwritten state is shown:\n" + text);
            assertFalse(text.contains("\u001b") || text.contains("[32m"), "a raw escape is shown:\n" + text);
        }
        try (var files = Files.walk(root.resolve(runId))) {
            assertTrue(
                    files.filter(Files::isRegularFile).anyMatch(f -> {
                        try {
                            return new String(Files.readAllBytes(f), StandardCharsets.UTF_8).contains("10%\r");
                        } catch (java.io.IOException e) {
                            return false;
                        }
                    }),
                    "the evidence keeps the bytes as written");
        }
    }
}

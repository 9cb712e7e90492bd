package dev.tejun.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.RunFinished;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits every cell of a server runs within (issue 15): a default timeout that {@code timeout=} overrides and
 * {@code timeout=0} lifts, an output cap past which the cell runs on and its output is counted and dropped with a
 * marker, and a free-space guard that refuses to start a run.
 */
class CellLimitsTest {

    @TempDir
    Path tmp;

    private Session session;

    private Session open(String markdown, CellLimits limits) throws IOException {
        session = ShellSessions.open(tmp, markdown, Map.of(), ref -> Optional.empty(), limits);
        return session;
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    private RunFinished runAll() throws Exception {
        return session.run(List.of(), "tester", "test").finished().get(60, TimeUnit.SECONDS);
    }

    private List<Event> events() {
        return ShellSessions.events(session);
    }

    private CellFinished finished(String cellId) {
        return ShellSessions.finished(session, cellId);
    }

    private String output(String cellId) {
        return ShellSessions.output(session, cellId);
    }

    @Test
    void run_cellWithoutTimeout_stopsAtTheServerDefault() throws Exception {
        open("```sh {#tail}\nsleep 30\n```\n", new CellLimits(Duration.ofSeconds(1), 1L << 30, 0));

        long start = System.nanoTime();
        runAll();

        assertEquals(CellStatus.TIMED_OUT, finished("tail").status());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "stopped near the 1 s default");
    }

    @Test
    void run_ownTimeoutOrTimeoutZero_overridesTheServerDefault() throws Exception {
        open(
                "```sh {#own timeout=10}\nsleep 2; echo own\n```\n\n```sh {#none timeout=0}\nsleep 2; echo none\n```\n",
                new CellLimits(Duration.ofSeconds(1), 1L << 30, 0));

        runAll();

        assertEquals(CellStatus.OK, finished("own").status());
        assertEquals(CellStatus.OK, finished("none").status());
        assertEquals("none\n", output("none"));
    }

    @Test
    void run_outputPastTheCap_cellRunsOnAndTheRestIsCountedWithAMarker() throws Exception {
        open(
                "```sh {#loud}\nhead -c 5000 /dev/zero | tr '\\0' x\necho; echo end; exit 7\n```\n",
                new CellLimits(null, 1000, 0));

        RunFinished run = runAll();

        // its last command ran: the cell was not stopped at the cap
        assertEquals(7, finished("loud").exitCode(), finished("loud").message() + output("loud"));
        String out = output("loud");
        assertEquals(1000, out.chars().filter(c -> c == 'x').count(), out);
        assertTrue(out.contains("[tejun: this cell reached its output cap of 1000 bytes"), out);
        assertTrue(out.contains("[tejun: 4005 bytes of output dropped after the cap of 1000 bytes]"), out);
        assertTrue(evidenceText(Path.of(run.evidence())).contains("4005 bytes of output dropped"), "in evidence");
    }

    @Test
    void run_diskBelowTheThreshold_isRefusedWithAClearMessage() throws Exception {
        open("```sh {#a}\necho ran\n```\n", new CellLimits(null, 1L << 30, Long.MAX_VALUE));

        RunFinished run = runAll();

        assertEquals(CellStatus.FAILED, run.status());
        assertTrue(run.message().contains("MB free on the disk of"), run.message());
        assertTrue(run.message().contains("cells.min-free-mb"), run.message());
        assertTrue(events().stream().noneMatch(CellStarted.class::isInstance), "no cell started");
    }

    private static String evidenceText(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }
}

package dev.tejun.kernel.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.testing.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the scheduler meets in a real folder and a real clock: links, and ticks that throw. It keeps going. */
class SchedulerFaultsTest {

    @TempDir
    Path tmp;

    private static final String EVERY_MINUTE = "---\nschedule: \"* * * * *\"\n---\n# X\n\n```sh\necho hi\n```\n";

    @Test
    void scan_symlinkedRunbooks_skippedAndTheOthersFound() throws Exception {
        Path books = Files.createDirectories(tmp.resolve("books"));
        Files.writeString(books.resolve("real.md"), EVERY_MINUTE);
        Path outside = Files.writeString(tmp.resolve("outside.md"), EVERY_MINUTE);
        Files.createSymbolicLink(books.resolve("out.md"), outside);
        Files.createSymbolicLink(books.resolve("in.md"), books.resolve("real.md"));

        List<ScheduleDef> found = DeclaredSchedules.scan(new RunbookFolder(books));

        assertEquals(
                List.of("file:real.md"), found.stream().map(ScheduleDef::id).toList());
    }

    @Test
    void start_ticksThatThrow_schedulerGoesOnTicking() throws Exception {
        Path books = Files.createDirectories(tmp.resolve("books"));
        Files.createSymbolicLink(books.resolve("out.md"), Files.writeString(tmp.resolve("outside.md"), EVERY_MINUTE));
        RunbookFolder folder = new RunbookFolder(books);
        AtomicInteger reads = new AtomicInteger();
        Scheduler s = new Scheduler(
                new FakeClock(java.time.Instant.parse("2025-06-02T00:00:30Z")),
                () -> {
                    int n = reads.incrementAndGet();
                    if (n == 2) {
                        throw new IllegalStateException("a tick that fails");
                    }
                    if (n == 3) {
                        throw new AssertionError("an error, not an exception");
                    }
                    try {
                        return DeclaredSchedules.scan(folder);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                new MemoryLedger(),
                (target, params, as) -> RunResult.notStarted("not here"),
                FailureNotifier.NONE,
                1,
                Duration.ofSeconds(30));
        try {
            s.start(Duration.ofMillis(5));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (reads.get() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(reads.get() >= 6, "the driver stopped after " + reads.get() + " ticks");
        } finally {
            s.close();
        }
    }
}

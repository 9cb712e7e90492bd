package dev.tejun.server.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader who follows a queued run ({@code GET /api/runs/{id}/events?wait=S}) waits for it to be handed to a session
 * here: it wakes when that happens. It slept out a whole second instead, so every REST run followed from its start
 * waited up to a second more than it ran.
 */
class LiveRunsTest {

    @TempDir
    Path tmp;

    @Test
    void await_runHandedToASessionDuringTheWait_theReaderWakesThen() throws Exception {
        LiveRuns live = new LiveRuns();
        try (Session session = session()) {
            LiveRuns.LiveRun run = new LiveRuns.LiveRun(
                    "20260101-120000-abcdef",
                    "a.md",
                    "alice",
                    "api",
                    List.of(),
                    session,
                    new Session.RunHandle("20260101-120000-abcdef", new CompletableFuture<>()));
            Future<Optional<LiveRuns.LiveRun>> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return live.await(run.runId(), Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200); // the reader waits
            live.add(run);
            // well before its five minutes: it woke when the run was added
            assertEquals(Optional.of(run), reader.get(60, TimeUnit.SECONDS));
            assertEquals(Optional.of(run), live.await(run.runId(), Duration.ofMinutes(5)), "already here: at once");
        }
    }

    @Test
    void await_noSuchRun_emptyAfterTheWait() throws Exception {
        LiveRuns live = new LiveRuns();
        assertTrue(live.await("20260101-120000-000000", Duration.ofMillis(50)).isEmpty());
        assertTrue(live.await("20260101-120000-000000", Duration.ZERO).isEmpty());
    }

    private Session session() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path book = Files.writeString(tmp.resolve("a.md"), "# A\n");
        Session.Services services = new Session.Services(
                new ExecutorRegistry(List.of()),
                new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                r -> Optional.empty());
        return new Session(
                "s1",
                new dev.tejun.kernel.session.RunbookFile("a.md", book),
                Map.of(),
                Files.createDirectories(tmp.resolve("w")),
                services);
    }
}

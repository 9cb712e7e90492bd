package dev.tejun.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.FakeExecutorFactory;
import dev.tejun.testing.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a session does with a runbook's cells, in order; the {@code sh} cells run on the fake
 * executor, since the process is not the subject here. */
class SessionRunOrderTest {

    @TempDir
    Path tmp;

    private final FakeExecutorFactory fake = new FakeExecutorFactory("sh");
    private Session session;

    private Session open(String markdown) throws Exception {
        Path file = Files.writeString(tmp.resolve("rb.md"), markdown);
        Path data = Files.createDirectories(tmp.resolve("data"));
        FakeClock clock = new FakeClock(Instant.parse("2026-03-01T09:00:00Z"));
        Session.Services services = new Session.Services(
                new ExecutorRegistry(List.of(fake)),
                new EvidenceStore(data.resolve("evidence"), clock),
                data,
                clock,
                ref -> Optional.empty());
        session = new Session(
                "s1",
                new RunbookFile("rb.md", file),
                Map.of("who", "ops"),
                Files.createDirectories(tmp.resolve("work")),
                services);
        return session;
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    private CellStatus status(String cellId) {
        return session.events().since(0, 10_000).events().stream()
                .filter(e -> e instanceof CellFinished f && f.cellId().equals(cellId))
                .map(e -> ((CellFinished) e).status())
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void runAll_stopsAtFirstFailure_laterCellsNeverReachTheExecutor() throws Exception {
        open("---\nparams:\n  who: { default: x }\n---\n```sh {#a}\nprint hello ${params.who}\n```\n\n"
                + "```sh {#b}\nfail 3\n```\n\n```sh {#c}\nprint never\n```\n");

        RunFinished run = session.run(List.of(), "tester", "test").finished().get(30, TimeUnit.SECONDS);

        assertEquals(CellStatus.FAILED, run.status());
        assertEquals(
                List.of("a", "b"),
                fake.requests().stream().map(CellRequest::cellId).toList());
        assertEquals("print hello ops", fake.requests().getFirst().code().strip());
        assertEquals(CellStatus.OK, status("a"));
        assertEquals(CellStatus.FAILED, status("b"));
        assertEquals(CellStatus.SKIPPED, status("c"));
    }

    @Test
    void afterEnd_runEnds_calledBackOnAThreadOfItsOwnNotTheSessions() throws Exception {
        open("```sh {#a}\nprint hello\n```\n");
        Session.RunHandle run = session.run(List.of(), "tester", "test");
        CompletableFuture<String> endedOn = new CompletableFuture<>();

        run.afterEnd(done -> endedOn.complete(Thread.currentThread().getName()));

        // not "session-s1": closing the session interrupts that thread, which would cut a write short
        assertEquals("run-end-" + run.runId(), endedOn.get(30, TimeUnit.SECONDS));
    }
}

package dev.tejun.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellResult;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.template.Quoting;
import dev.tejun.kernel.template.Verbatim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One event stream: each event goes once to the session's sinks in order — its log, the run's evidence, then
 * whoever subscribed (a printer, a browser) — so a later sink never sees an event that evidence lacks.
 */
class EventStreamTest {

    @TempDir
    Path tmp;

    private Session session;

    /** An sh executor whose cell reports one result and ends ok, without a process. */
    private static final class ResultFactory implements ExecutorFactory {
        @Override
        public Set<String> languages() {
            return Set.of("sh");
        }

        @Override
        public Quoting quoting() {
            return Verbatim.INSTANCE;
        }

        @Override
        public Executor create(SessionContext context) {
            return (request, output) -> {
                output.result("text/plain", "42");
                output.hostStatus("web1", "ok", null);
                return CellOutcome.ok(0, null);
            };
        }
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void subscriber_seesEachEventAfterEvidenceHasIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("rb.md"), """
                ```sh {#a}
                what
                ```
                """);
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path evidence = data.resolve("evidence");
        Session.Services services = new Session.Services(
                new ExecutorRegistry(List.of(new ResultFactory())),
                new EvidenceStore(evidence, Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                r -> Optional.empty());
        session = new Session(
                "s1", new RunbookFile("rb.md", file), Map.of(), Files.createDirectories(tmp.resolve("w")), services);
        List<String> seen = new ArrayList<>();
        session.events().subscribe(e -> seen.add(describe(e, evidence)));

        RunFinished done = session.run(List.of(), "alice", "cli").finished().get(30, TimeUnit.SECONDS);

        assertEquals(CellStatus.OK, done.status(), done.toString());
        assertEquals(
                List.of(
                        "CellStarted input.txt=true",
                        "CellResult",
                        "HostStatus",
                        "CellFinished result.json=true",
                        "RunFinished manifest.json=true"),
                seen.stream().filter(s -> !s.startsWith("RunStarted")).toList());
        String result = Files.readString(evidence.resolve(done.runId()).resolve("cells/01-a/result.json"));
        assertTrue(result.contains("\"42\"") && result.contains("web1"), result);
    }

    /** What a sink later than evidence finds on disk when it gets {@code e}. */
    private static String describe(Event e, Path evidence) {
        Path run = evidence.resolve(e.runId());
        return switch (e) {
            case CellStarted s -> "CellStarted input.txt=" + Files.exists(run.resolve("cells/01-a/input.txt"));
            case CellFinished f -> "CellFinished result.json=" + Files.exists(run.resolve("cells/01-a/result.json"));
            case RunFinished f -> "RunFinished manifest.json=" + Files.exists(run.resolve("manifest.json"));
            case CellResult r -> "CellResult";
            default -> e.getClass().getSimpleName();
        };
    }
}

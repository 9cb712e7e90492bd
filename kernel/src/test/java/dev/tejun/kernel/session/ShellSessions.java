package dev.tejun.kernel.session;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A session over one runbook file ({@code rb.md} in a temp folder) with the real shell executor, and what its event
 * log says about a cell: the set-up the session tests share.
 */
final class ShellSessions {

    private ShellSessions() {}

    /**
     * @param cmdb   answers {@code cmdb.SHEET.HOST.COLUMN} references
     * @param limits the cell limits, or null for the defaults
     */
    static Session open(
            Path tmp,
            String markdown,
            Map<String, String> params,
            Function<String, Optional<String>> cmdb,
            CellLimits limits)
            throws IOException {
        Path file = Files.writeString(tmp.resolve("rb.md"), markdown);
        Path data = Files.createDirectories(tmp.resolve("data"));
        Session.Services services = new Session.Services(
                new ExecutorRegistry(List.of(new ShellExecutorFactory())),
                new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                cmdb,
                RunGuard.NONE,
                limits);
        return new Session(
                "s1", new RunbookFile("rb.md", file), params, Files.createDirectories(tmp.resolve("work")), services);
    }

    static List<Event> events(Session session) {
        return session.events().since(0, 1_000_000).events();
    }

    /** The cell's last {@link CellFinished}. */
    static CellFinished finished(Session session, String cellId) {
        return events(session).stream()
                .filter(e -> e instanceof CellFinished f && f.cellId().equals(cellId))
                .map(CellFinished.class::cast)
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    /** Everything the cell wrote, in order. */
    static String output(Session session, String cellId) {
        StringBuilder sb = new StringBuilder();
        events(session).stream()
                .filter(e -> e instanceof CellOutput o && o.cellId().equals(cellId))
                .forEach(e -> sb.append(((CellOutput) e).text()));
        return sb.toString();
    }
}

package dev.tejun.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.FakeExecutorFactory;
import dev.tejun.kernel.folder.RunbookFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a session tells the executors of its runbook's languages, so they can make ready what their first cell
 * needs (a JShell's JVM), and closing the sessions lets go what they made ready.
 */
class SessionsPrepareTest {

    @TempDir
    Path tmp;

    @Test
    void open_preparesTheLanguagesOfItsRunbook_closeLetsGo() throws Exception {
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        Files.writeString(
                runbooks.resolve("java.md"), "```java\n1 + 1\n```\n\n```sh\ntrue\n```\n\n```bash\ntrue\n```\n");
        Files.writeString(runbooks.resolve("shell.md"), "```sh\ntrue\n```\n");
        Path data = Files.createDirectories(tmp.resolve("data"));
        FakeExecutorFactory java = new FakeExecutorFactory("java");
        FakeExecutorFactory shell = new FakeExecutorFactory("sh", "bash");
        FakeExecutorFactory python = new FakeExecutorFactory("python");
        Session.Services services = new Session.Services(
                new ExecutorRegistry(List.of(java, shell, python)),
                new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                r -> Optional.empty());
        Sessions sessions = new Sessions(new RunbookFolder(runbooks), services);

        sessions.open("java.md");
        sessions.open("java.md"); // the same session again: nothing more to make ready
        sessions.open("shell.md");

        assertEquals(List.of(data.resolve("work").resolve("java.md")), java.prepared());
        assertEquals(
                List.of(
                        data.resolve("work").resolve("java.md"),
                        data.resolve("work").resolve("shell.md")),
                shell.prepared(),
                "one factory of two languages is told once per session");
        assertEquals(List.of(), python.prepared());

        sessions.close();
        assertEquals(List.of(1, 1, 1), List.of(java.closed(), shell.closed(), python.closed()));
    }
}

package dev.tejun.kernel.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.session.RunbookFile;
import dev.tejun.kernel.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A runbook with a flow cell, in a real session, over a real engine and real shell runbooks. */
@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class FlowExecutorTest {

    @TempDir
    Path tmp;

    private RunbookFolder folder;
    private Database database;
    private FlowEngine engine;
    private Session session;
    private final StringBuilder printed = new StringBuilder();

    @BeforeEach
    void open() throws Exception {
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        Path data = Files.createDirectories(tmp.resolve("data"));
        folder = new RunbookFolder(runbooks);
        Session.Services services = new Session.Services(
                new ExecutorRegistry(List.of(new ShellExecutorFactory())),
                new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                r -> Optional.empty());
        database = TestDatabases.open(data);
        engine = new FlowEngine(folder, services, new FlowStore(database), Clock.systemUTC());
        folder.write("say.md", """
                ---
                params:
                  word: {}
                  seconds: { default: 0 }
                ---
                # Say

                ```sh {#main}
                sleep ${params.seconds}
                echo "said ${params.word}" >> %s
                ```
                """.formatted(tmp.resolve("said.txt")));
        folder.write("say.flow.yaml", """
                title: Say it
                params:
                  word: {}
                  seconds: { default: 0 }
                nodes:
                  - id: say
                    type: runbook
                    runbook: say.md
                    params: { word: "${params.word}", seconds: "${params.seconds}" }
                    next: done
                  - { id: done, type: end }
                """);
        session = new Session(
                "book.md",
                new RunbookFile("book.md", runbooks.resolve("book.md")),
                Map.of(),
                Files.createDirectories(data.resolve("work")),
                engine.services());
        session.events().subscribe(this::capture);
    }

    private synchronized void capture(Event e) {
        if (e instanceof CellOutput o) {
            printed.append(o.text());
        }
    }

    private synchronized String printed() {
        return printed.toString();
    }

    @AfterEach
    void close() throws Exception {
        session.close();
        engine.close();
        database.close();
    }

    @Test
    void execute_runsTheFlowToItsEnd_andPrintsNodeChanges() throws Exception {
        folder.write("book.md", "# Book\n\n```flow {#go flow=say.flow.yaml}\nword: hello\n```\n");

        session.run(List.of(), "alice", "test").finished().get(60, TimeUnit.SECONDS);

        assertEquals(CellStatus.OK, session.snapshot().cells().get("go").status(), printed());
        assertEquals("said hello", Files.readString(tmp.resolve("said.txt")).strip());
        FlowInstance fi = engine.list().getFirst();
        assertEquals(FlowStatus.OK, fi.status());
        assertEquals("alice", fi.startedBy(), "the flow runs as the notebook user");
        assertEquals("test", fi.via(), "through the interface the run came from");
        assertTrue(
                engine.record(fi.id())
                        .orElseThrow()
                        .transitions()
                        .getFirst()
                        .message()
                        .contains("from cell "),
                "its history says which cell started it");
        assertTrue(printed().contains("started as " + fi.id()), printed());
        assertTrue(printed().contains("say: ok"), printed());
        assertTrue(printed().contains(fi.id() + ": ok"), printed());
    }

    @Test
    void execute_invalidParams_failsWithoutStartingAFlow() throws Exception {
        folder.write("book.md", "# Book\n\n```flow {#go flow=say.flow.yaml}\nnope: 1\n```\n");

        session.run(List.of(), "alice", "test").finished().get(60, TimeUnit.SECONDS);

        assertEquals(CellStatus.FAILED, session.snapshot().cells().get("go").status());
        assertTrue(engine.list().isEmpty());
    }

    @Test
    void execute_stopped_emergencyStopsTheFlowAndItsProcesses() throws Exception {
        String tag = "9" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 100000) + ".5";
        folder.write("book.md", "# Book\n\n```flow {#go flow=say.flow.yaml}\nword: slow\nseconds: " + tag + "\n```\n");
        Session.RunHandle run = session.run(List.of(), "alice", "test");
        for (int i = 0; i < 1500 && processes(tag) == 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(1, processes(tag), "the flow's runbook is running");

        session.interrupt();
        run.finished().get(30, TimeUnit.SECONDS);

        assertEquals(CellStatus.STOPPED, session.snapshot().cells().get("go").status());
        FlowInstance fi = engine.list().getFirst();
        assertEquals(FlowStatus.STOPPED, fi.status());
        assertEquals(0, processes(tag), "the flow's sleep survived the stop");
    }

    private static int processes(String tag) throws Exception {
        Process p = new ProcessBuilder("pgrep", "-f", "sleep " + tag)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return out.isEmpty() ? 0 : (int) out.lines().count();
    }
}

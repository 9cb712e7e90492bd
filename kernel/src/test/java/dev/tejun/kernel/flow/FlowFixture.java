package dev.tejun.kernel.flow;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.flow.state.NodeStatus;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A runbooks folder, a data folder with a SQLite file and an engine over them, all in a temp dir, with the real
 * shell executor. {@link #restart()} closes the engine as a dying server would and opens a new one on the same
 * database.
 */
final class FlowFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    final Path runbooks;
    final Path data;
    final RunbookFolder folder;
    final MutableClock clock = new MutableClock();
    final Session.Services services;
    private Database database;
    private FlowStore store;
    FlowEngine engine;

    FlowFixture(Path tmp) throws Exception {
        this(tmp, List.of());
    }

    /** With executors besides the shell's (an ssh cell's, say). */
    FlowFixture(Path tmp, List<ExecutorFactory> more) throws Exception {
        runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        data = Files.createDirectories(tmp.resolve("data"));
        folder = new RunbookFolder(runbooks);
        services = new Session.Services(
                new ExecutorRegistry(List.of(new ShellExecutorFactory())).with(more),
                new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                ref -> Optional.empty());
        open();
    }

    private void open() throws Exception {
        database = TestDatabases.open(data);
        store = new FlowStore(database);
        engine = new FlowEngine(folder, services, store, clock);
    }

    /** The flow tables of the fixture's database, as a CLI run gets them. */
    FlowStore store() {
        return store;
    }

    /** Writes {@code name} in the runbooks folder: a runbook with one {@code sh} cell per entry of {@code cells}. */
    FlowFixture runbook(String name, String frontMatter, Map<String, String> cells) throws IOException {
        StringBuilder md = new StringBuilder();
        if (frontMatter != null) {
            md.append("---\n").append(frontMatter).append("---\n");
        }
        md.append("# ").append(name).append("\n\n");
        cells.forEach((id, code) ->
                md.append("```sh {#").append(id).append("}\n").append(code).append("\n```\n\n"));
        folder.write(name, md.toString());
        return this;
    }

    FlowFixture runbook(String name, String code) throws IOException {
        return runbook(name, null, Map.of("main", code));
    }

    FlowFixture file(String name, String text) throws IOException {
        folder.write(name, text);
        return this;
    }

    String start(String flow) {
        return engine.start(flow, Map.of(), "alice", "test");
    }

    FlowInstance run(String flow) throws InterruptedException {
        return engine.await(start(flow), WAIT);
    }

    FlowInstance get(String id) {
        return engine.get(id).orElseThrow();
    }

    /** Polls until the instance satisfies {@code condition}; fails after {@link #WAIT}. */
    FlowInstance until(String id, Predicate<FlowInstance> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            FlowInstance fi = get(id);
            if (condition.test(fi)) {
                return fi;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("flow " + id + " never got " + what + ": " + get(id));
    }

    FlowInstance untilStatus(String id, FlowStatus status) throws InterruptedException {
        return until(id, fi -> fi.status() == status, "status " + status);
    }

    static NodeState node(FlowInstance fi, String nodeId) {
        return fi.node(nodeId).orElseThrow(() -> new AssertionError("no node " + nodeId));
    }

    static NodeStatus status(FlowInstance fi, String nodeId) {
        return node(fi, nodeId).status();
    }

    void restart() throws Exception {
        engine.close();
        database.close();
        open();
    }

    @Override
    public void close() throws Exception {
        engine.close();
        database.close();
    }
}

package dev.tejun.kernel.flow;

import static dev.tejun.kernel.flow.FlowFixture.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.kernel.flow.state.NodeStatus;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.guard.locks.LockTable;
import dev.tejun.kernel.guard.locks.ResourceLocks;
import dev.tejun.kernel.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow's {@code locks:} (whole instance) and a node's (while it runs), taken in the lock table runbooks use: two
 * engines over one database stand for two servers (on PostgreSQL too with -Dtejun.test.database=postgresql).
 */
@ExtendWith(CellsUnsandboxed.class) // the cells write their start and end into the test's temp folder
class FlowLocksTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private Database db;
    private RunbookFolder folder;
    private Path log;
    private final List<FlowEngine> engines = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        db = TestDatabases.open(data);
        folder = new RunbookFolder(Files.createDirectories(tmp.resolve("runbooks")));
        log = tmp.resolve("log.txt");
        Files.writeString(log, "");
        // each runbook writes when it starts and ends, so the order of the lines shows any overlap
        folder.write(
                "step.md",
                "---\nparams:\n  who: { default: x }\n---\n```sh\necho \"start ${params.who}\" >> " + log
                        + "\nsleep 1\necho \"end ${params.who}\" >> " + log + "\n```\n");
    }

    @AfterEach
    void close() {
        engines.forEach(FlowEngine::close);
        db.close();
    }

    /** An engine with its own lock service over the shared database: another server. */
    private FlowEngine server(Duration lease) throws Exception {
        return server(lease, false);
    }

    private FlowEngine server(Duration lease, boolean recover) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data-" + engines.size()));
        Session.Services services = new Session.Services(
                new ExecutorRegistry(List.of(new ShellExecutorFactory())),
                new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                ref -> Optional.empty(),
                new ResourceLocks(new LockTable(db), Clock.systemUTC(), lease));
        FlowEngine engine = new FlowEngine(folder, services, new FlowStore(db), Clock.systemUTC(), recover);
        engines.add(engine);
        return engine;
    }

    private FlowEngine server() throws Exception {
        return server(ResourceLocks.LEASE);
    }

    private static String flow(String top, String nodeLocks) {
        return "params:\n  db: { default: main }\n  who: { default: x }\n" + top + "nodes:\n"
                + "  - { id: one, type: runbook, runbook: step.md, params: { who: \"${params.who}-one\" }, "
                + nodeLocks + "next: two }\n"
                + "  - { id: two, type: runbook, runbook: step.md, params: { who: \"${params.who}-two\" }, next: done }\n"
                + "  - { id: done, type: end }\n";
    }

    private LockTable table() {
        return new LockTable(db);
    }

    private List<String> owners() {
        return table().holders(Instant.now()).stream()
                .map(LockTable.Holder::runId)
                .toList();
    }

    @Test
    void start_twoServersOneFlowLock_instancesRunOneAfterTheOther() throws Exception {
        folder.write("f.flow.yaml", flow("locks: [\"db:${params.db}\"]\n", ""));
        FlowEngine a = server();
        FlowEngine b = server();
        String first = a.start("f.flow.yaml", Map.of("who", "a"), "alice", "test");
        Waits.until(() -> owners().contains("flow-" + first), "the first instance holds db:main");
        String second = b.start("f.flow.yaml", Map.of("who", "b"), "bob", "test");
        assertEquals(FlowStatus.OK, a.await(first, WAIT).status());
        assertEquals(FlowStatus.OK, b.await(second, WAIT).status());
        // all of the first instance (both its nodes) before any of the second: the lock spans the whole instance
        assertEquals(
                List.of(
                        "start a-one",
                        "end a-one",
                        "start a-two",
                        "end a-two",
                        "start b-one",
                        "end b-one",
                        "start b-two",
                        "end b-two"),
                Files.readAllLines(log));
        assertEquals(List.of(), owners());
    }

    @Test
    void start_otherLockValue_instancesOverlap() throws Exception {
        folder.write("f.flow.yaml", flow("locks: [\"db:${params.db}\"]\n", ""));
        FlowEngine a = server();
        String first = a.start("f.flow.yaml", Map.of("who", "a", "db", "one"), "alice", "test");
        String second = a.start("f.flow.yaml", Map.of("who", "b", "db", "two"), "bob", "test");
        a.await(first, WAIT);
        a.await(second, WAIT);
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.indexOf("start b-one") < lines.indexOf("end a-two"), lines.toString());
    }

    @Test
    void start_refusePolicyWhileHeld_failsNamingTheLockAndRunsNothing() throws Exception {
        table().tryAcquire(List.of("db:main"), "run-elsewhere", "other.md", Instant.now(), 60_000, false);
        folder.write("f.flow.yaml", flow("locks: [\"db:${params.db}\"]\nlock-policy: refuse\n", ""));
        FlowEngine a = server();
        FlowInstance fi = a.await(a.start("f.flow.yaml", Map.of(), "alice", "test"), WAIT);
        assertEquals(FlowStatus.FAILED, fi.status());
        assertTrue(fi.message().contains("refused: lock db:main (run run-elsewhere) is held"), fi.message());
        assertEquals(NodeStatus.SKIPPED, status(fi, "one"));
        assertEquals("", Files.readString(log));
        assertEquals(List.of("run-elsewhere"), owners());
    }

    @Test
    void stop_whileQueuedForTheFlowLock_endsStoppedAndLeavesTheQueue() throws Exception {
        table().tryAcquire(List.of("db:main"), "run-elsewhere", "other.md", Instant.now(), 60_000, false);
        folder.write("f.flow.yaml", flow("locks: [\"db:${params.db}\"]\n", ""));
        FlowEngine a = server();
        String id = a.start("f.flow.yaml", Map.of(), "alice", "test");
        Waits.until(() -> !table().waiters(Instant.now()).isEmpty(), "the instance queues for db:main");
        a.stop(id, "alice");
        FlowInstance fi = a.await(id, WAIT);
        assertEquals(FlowStatus.STOPPED, fi.status());
        Waits.until(() -> table().waiters(Instant.now()).isEmpty(), "the queue is empty again");
        assertEquals("", Files.readString(log));
    }

    @Test
    void start_holderDiedWithoutRenewing_flowTakesTheLockOnceTheLeaseRanOut() throws Exception {
        // a server that died holding db:main: its row is there, nobody renews it, its lease ends in a second
        table().tryAcquire(List.of("db:main"), "flow-dead", "f.flow.yaml", Instant.now(), 1000, false);
        folder.write("f.flow.yaml", flow("locks: [\"db:${params.db}\"]\n", ""));
        FlowEngine a = server();
        FlowInstance fi = a.await(a.start("f.flow.yaml", Map.of(), "alice", "test"), WAIT);
        assertEquals(FlowStatus.OK, fi.status());
        assertEquals(List.of(), owners());
    }

    @Test
    void start_nodeLock_heldOnlyWhileThatNodeRuns() throws Exception {
        folder.write("f.flow.yaml", flow("", "locks: [\"host:${params.db}\"], "));
        FlowEngine a = server();
        String id = a.start("f.flow.yaml", Map.of("who", "a"), "alice", "test");
        Waits.until(() -> owners().contains("flow-" + id + "#one"), "node one holds host:main");
        Waits.until(() -> status(a.get(id).orElseThrow(), "two") == NodeStatus.RUNNING, "node two runs");
        assertEquals(List.of(), owners());
        assertEquals(FlowStatus.OK, a.await(id, WAIT).status());
    }

    @Test
    void start_runbookDeclaringItsFlowsLock_doesNotWaitForItsOwnFlow() throws Exception {
        folder.write("own.md", "---\nlocks: [db:main]\n---\n```sh\necho inner >> " + log + "\n```\n");
        folder.write(
                "f.flow.yaml",
                "locks: [db:main]\nnodes:\n  - { id: one, type: runbook, runbook: own.md, locks: [db:main], next: done }\n"
                        + "  - { id: done, type: end }\n");
        FlowEngine a = server();
        FlowInstance fi = a.await(a.start("f.flow.yaml", Map.of(), "alice", "test"), WAIT);
        assertEquals(FlowStatus.OK, fi.status());
        assertEquals(List.of("inner"), Files.readAllLines(log));
    }

    @Test
    void start_failingFlow_letsGoOfItsLocks() throws Exception {
        folder.write("bad.md", "```sh\nexit 3\n```\n");
        folder.write(
                "f.flow.yaml",
                "locks: [db:main]\nnodes:\n  - { id: one, type: runbook, runbook: bad.md, next: done }\n"
                        + "  - { id: done, type: end }\n");
        FlowEngine a = server();
        FlowInstance fi = a.await(a.start("f.flow.yaml", Map.of(), "alice", "test"), WAIT);
        assertEquals(FlowStatus.FAILED, fi.status());
        assertEquals(List.of(), owners());
    }

    @Test
    void approve_pausedFlow_holdsItsLockUntilItEnds() throws Exception {
        folder.write(
                "f.flow.yaml",
                "locks: [db:main]\nnodes:\n  - { id: hold, type: pause, message: go, next: one }\n"
                        + "  - { id: one, type: runbook, runbook: step.md, next: done }\n"
                        + "  - { id: done, type: end }\n");
        FlowEngine a = server();
        String id = a.start("f.flow.yaml", Map.of(), "alice", "test");
        Waits.until(() -> status(a.get(id).orElseThrow(), "hold") == NodeStatus.PAUSED, "the pause waits");
        assertEquals(List.of("flow-" + id), owners());
        a.approve(id, "hold", "carol", "ok");
        assertEquals(FlowStatus.OK, a.await(id, WAIT).status());
        assertEquals(List.of(), owners());
    }

    @Test
    void approve_afterAServerRestart_theRecoveredInstanceTakesItsLockAgainAndLetsGoAtTheEnd() throws Exception {
        folder.write(
                "f.flow.yaml",
                "locks: [db:main]\nnodes:\n  - { id: hold, type: pause, message: go, next: one }\n"
                        + "  - { id: one, type: runbook, runbook: step.md, next: done }\n"
                        + "  - { id: done, type: end }\n");
        FlowEngine a = server();
        String id = a.start("f.flow.yaml", Map.of(), "alice", "test");
        Waits.until(() -> status(a.get(id).orElseThrow(), "hold") == NodeStatus.PAUSED, "the pause waits");
        a.close();
        FlowEngine b = server(ResourceLocks.LEASE, true);
        assertTrue(b.drives(id));
        // another run wanting db:main still waits: the recovered instance holds it
        String other = b.start("f.flow.yaml", Map.of(), "bob", "test");
        Waits.until(() -> !table().waiters(Instant.now()).isEmpty(), "the second instance queues");
        assertEquals(List.of("flow-" + id), owners());
        b.approve(id, "hold", "carol", "ok");
        assertEquals(FlowStatus.OK, b.await(id, WAIT).status());
        Waits.until(() -> owners().contains("flow-" + other), "the second instance takes db:main");
        b.stop(other, "bob");
        b.await(other, WAIT);
        Waits.until(() -> owners().isEmpty(), "nothing is held");
    }
}

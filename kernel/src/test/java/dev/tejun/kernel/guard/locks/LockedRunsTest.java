package dev.tejun.kernel.guard.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.event.RunStarted;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.session.RunbookFile;
import dev.tejun.kernel.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sessions running real shell cells, holding the locks their front matter declares. */
class LockedRunsTest {

    @TempDir
    Path tmp;

    private Database db;
    private ResourceLocks locks;
    private Session.Services services;
    private final List<Session> sessions = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        db = TestDatabases.open(tmp.resolve("db"));
        locks = new ResourceLocks(new LockTable(db), Clock.systemUTC());
        Path data = Files.createDirectories(tmp.resolve("data"));
        services = new Session.Services(
                new ExecutorRegistry(List.of(new ShellExecutorFactory())),
                new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                ref -> Optional.empty(),
                locks);
    }

    @AfterEach
    void close() {
        sessions.forEach(Session::close);
        db.close();
    }

    private Session session(String name, String text, Map<String, String> params) throws Exception {
        Path file = Files.writeString(tmp.resolve(name), text);
        Session s = new Session(
                name,
                new RunbookFile(name, file),
                params,
                Files.createDirectories(tmp.resolve("work-" + name)),
                services);
        sessions.add(s);
        return s;
    }

    private static Instant started(Session s) {
        return s.events().since(0, 10_000).events().stream()
                .filter(RunStarted.class::isInstance)
                .map(e -> ((RunStarted) e).at())
                .findFirst()
                .orElseThrow();
    }

    @Test
    void run_twoRunsWantingOneLock_serialise() throws Exception {
        String text =
                "---\nparams:\n  db: { default: main }\nlocks: [\"db:${params.db}\"]\n---\n```sh\nsleep 0.5\n```\n";
        Session a = session("a.md", text, Map.of());
        Session b = session("b.md", text, Map.of());
        var ra = a.run(List.of(), "alice", "test");
        var rb = b.run(List.of(), "bob", "test");
        RunFinished fa = ra.finished().get(60, TimeUnit.SECONDS);
        RunFinished fb = rb.finished().get(60, TimeUnit.SECONDS);
        assertEquals(CellStatus.OK, fa.status());
        assertEquals(CellStatus.OK, fb.status());
        // one run started only after the other finished: the timestamps do not overlap
        boolean aFirst = started(a).isBefore(started(b));
        Instant firstEnd = aFirst ? fa.at() : fb.at();
        Instant secondStart = aFirst ? started(b) : started(a);
        assertTrue(!secondStart.isBefore(firstEnd), firstEnd + " > " + secondStart);
        assertTrue(locks.table().holders(Instant.now()).isEmpty());
    }

    @Test
    void run_otherLockValue_runsAtOnce() throws Exception {
        String text =
                "---\nparams:\n  db: { default: main }\nlocks: [\"db:${params.db}\"]\n---\n```sh\nsleep 0.5\n```\n";
        Session a = session("a.md", text, Map.of("db", "one"));
        Session b = session("b.md", text, Map.of("db", "two"));
        var ra = a.run(List.of(), "alice", "test");
        var rb = b.run(List.of(), "bob", "test");
        ra.finished().get(60, TimeUnit.SECONDS);
        RunFinished fb = rb.finished().get(60, TimeUnit.SECONDS);
        assertTrue(started(b).isBefore(ra.finished().get().at()), "db:one and db:two do not exclude each other");
        assertEquals(CellStatus.OK, fb.status());
    }

    @Test
    void run_refusePolicyWhileHeld_failsNamingLockAndHolder() throws Exception {
        locks.table().tryAcquire(List.of("db:main"), "run-elsewhere", "other.md", Instant.now(), 60_000, false);
        Session s =
                session("r.md", "---\nlocks: [db:main]\nlock-policy: refuse\n---\n```sh\necho never\n```\n", Map.of());
        RunFinished f = s.run(List.of(), "alice", "test").finished().get(60, TimeUnit.SECONDS);
        assertEquals(CellStatus.FAILED, f.status());
        assertTrue(f.message().contains("refused: lock db:main (run run-elsewhere) is held"), f.message());
        assertTrue(f.message().contains("lock-policy: refuse"), f.message());
    }

    @Test
    void run_queuedThenStopped_givesUpAndLeavesTheQueue() throws Exception {
        locks.table().tryAcquire(List.of("db:main"), "run-elsewhere", "other.md", Instant.now(), 60_000, false);
        Session s = session("q.md", "---\nlocks: [db:main]\n---\n```sh\necho never\n```\n", Map.of());
        var run = s.run(List.of(), "alice", "test");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (locks.position(run.runId()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(Optional.of(1), locks.position(run.runId()));
        s.interrupt();
        RunFinished f = run.finished().get(60, TimeUnit.SECONDS);
        assertEquals(CellStatus.FAILED, f.status());
        assertTrue(locks.table().waiters(Instant.now()).isEmpty());
    }

    @Test
    void run_cellLock_heldOnlyWhileThatCellRuns() throws Exception {
        Session s = session(
                "c.md",
                "---\nparams:\n  db: { default: other }\n---\n"
                        + "```sh {#first locks=\"db:${params.db}, host:web1\"}\nsleep 2\n```\n"
                        + "```sh {#second}\nsleep 2\n```\n",
                Map.of("db", "main"));
        var run = s.run(List.of(), "alice", "test");
        List<String> held = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (held.isEmpty() && System.nanoTime() < deadline) {
            held = locks.table().holders(Instant.now()).stream()
                    .map(h -> h.lock() + "=" + h.runId())
                    .toList();
            Thread.sleep(5);
        }
        assertEquals(List.of("db:main=" + run.runId() + "#first", "host:web1=" + run.runId() + "#first"), held);
        while (!locks.table().holders(Instant.now()).isEmpty()) {
            Thread.sleep(10);
        }
        assertTrue(!run.finished().isDone(), "the first cell's locks went with it, while the second still runs");
        assertEquals(CellStatus.OK, run.finished().get(60, TimeUnit.SECONDS).status());
    }

    @Test
    void run_cellLockRefused_thatCellFailsNamingHolder() throws Exception {
        locks.table().tryAcquire(List.of("db:main"), "run-elsewhere", "other.md", Instant.now(), 60_000, false);
        Session s = session(
                "r.md",
                "---\nlock-policy: refuse\n---\n```sh {#free}\necho free\n```\n"
                        + "```sh {#locked locks=db:main}\necho never\n```\n",
                Map.of());
        RunFinished f = s.run(List.of(), "alice", "test").finished().get(60, TimeUnit.SECONDS);
        assertEquals(CellStatus.FAILED, f.status());
        assertEquals(CellStatus.OK, s.snapshot().cells().get("free").status());
        assertTrue(s.snapshot().cells().get("locked").message().contains("db:main (run run-elsewhere)"));
    }

    @Test
    void busy_heldOrUnresolvable_namesHolderOrLeavesItToTheRun() {
        locks.table().tryAcquire(List.of("db:main"), "run-elsewhere", "other.md", Instant.now(), 60_000, false);
        Runbook cellHeld = RunbookFormat.parse("# x\n\n```sh {#a locks=db:main}\necho\n```\n");
        assertEquals(
                "lock db:main (run run-elsewhere) is held; c.md was not started (asked not to wait)",
                locks.busy("c.md", cellHeld, Map.of()));
        Runbook unresolvable = RunbookFormat.parse("---\nlocks: [\"db:${params.nope}\"]\n---\n```sh\necho\n```\n");
        assertEquals(null, locks.busy("u.md", unresolvable, Map.of()), "the run itself fails, naming the param");
    }
}

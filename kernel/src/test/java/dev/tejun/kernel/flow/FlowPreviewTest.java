package dev.tejun.kernel.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.kernel.flow.state.NodeStatus;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.guard.locks.LockTable;
import dev.tejun.kernel.guard.locks.ResourceLocks;
import dev.tejun.kernel.guard.windows.TargetWindows;
import dev.tejun.kernel.preview.Previews;
import dev.tejun.kernel.preview.WouldMeet;
import dev.tejun.kernel.session.Params;
import dev.tejun.kernel.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link FlowEngine#preview}: every node as it would start, the locks and windows it would meet, nothing run. */
@ExtendWith(CellsUnsandboxed.class) // a cell that ran would leave its marker in the test's temp folder
class FlowPreviewTest {

    @TempDir
    Path tmp;

    private Database db;
    private RunbookFolder folder;
    private FlowEngine engine;
    private Session.Services previews;
    private WouldMeet.Windows windows;
    private Path marker;

    @BeforeEach
    void open() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        db = TestDatabases.open(data);
        folder = new RunbookFolder(Files.createDirectories(tmp.resolve("runbooks")));
        marker = tmp.resolve("ran.txt");
        ExecutorRegistry cells = new ExecutorRegistry(List.of(new ShellExecutorFactory()));
        Session.Services services = new Session.Services(
                cells,
                new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                ref -> Optional.empty(),
                new ResourceLocks(new LockTable(db), Clock.systemUTC()));
        engine = new FlowEngine(folder, services, new FlowStore(db), Clock.systemUTC(), false);
        previews = services.withExecutors(Previews.of(cells, null))
                .with(services.guard().previewing());
        windows = new TargetWindows(folder, ZoneOffset.UTC)::wouldMeet;
        folder.write(
                "migrate.md",
                "---\nparams:\n  db: { default: x }\nlocks: [\"db:${params.db}\"]\n---\n"
                        + "```sh {#go}\necho migrating ${params.db} >> " + marker + "\n```\n");
        folder.write("calendars/freeze.yaml", "type: block\nwindows:\n  - { from: 2000-01-01, to: 2999-01-01 }\n");
        folder.write("f.flow.yaml", """
                params:
                  db: { default: main }
                locks: ["env:${params.db}"]
                blackouts: [freeze]
                nodes:
                  - { id: hold, type: pause, message: "migrate ${params.db}?", next: one }
                  - { id: one, type: runbook, runbook: migrate.md, params: { db: "${params.db}" }, locks: [host:h1], next: done }
                  - { id: done, type: end }
                """);
    }

    @AfterEach
    void close() {
        engine.close();
        db.close();
    }

    @Test
    void preview_flow_showsEachNodeAsItWouldRunAndRunsNothing() throws Exception {
        FlowPreview p =
                engine.preview("f.flow.yaml", Map.of("db", "orders"), new Actor("alice", "test"), previews, windows);
        assertEquals(Map.of("db", "orders"), p.params());
        assertEquals(
                List.of("hold", "one", "done"),
                p.nodes().stream().map(FlowPreview.NodePreview::id).toList());
        FlowPreview.NodePreview hold = p.nodes().get(0);
        assertEquals("migrate orders?", hold.target());
        FlowPreview.NodePreview one = p.nodes().get(1);
        assertEquals(Map.of("db", "orders"), one.params());
        assertNotNull(one.previewRun());
        assertEquals(1, one.cells().size());
        String shown = one.cells().getFirst().output();
        assertTrue(shown.startsWith(Previews.HEADER), shown);
        // the text as it would run: the value put in (quoted as a shell word)
        assertTrue(shown.matches("(?s).*echo migrating '?orders'? >>.*"), shown);
        assertFalse(Files.exists(marker), "the preview ran a cell");
        assertEquals(0, engine.list().size(), "a preview starts no instance");
    }

    @Test
    void preview_flow_listsTheLocksAndWindowsARealRunWouldMeet() throws Exception {
        new LockTable(db).tryAcquire(List.of("db:orders"), "run-elsewhere", "x.md", Instant.now(), 60_000, false);
        FlowPreview p =
                engine.preview("f.flow.yaml", Map.of("db", "orders"), new Actor("alice", "test"), previews, windows);
        assertEquals(List.of(new WouldMeet.Lock("env:orders", "flow", null)), p.locks());
        assertEquals(1, p.windows().size());
        assertFalse(p.windows().getFirst().open(), "inside the freeze");
        FlowPreview.NodePreview one = p.nodes().get(1);
        assertEquals(
                List.of(
                        new WouldMeet.Lock("host:h1", "node one", null),
                        new WouldMeet.Lock("db:orders", "run", "db:orders (run run-elsewhere)")),
                one.locks());
        // the lock is held, yet the preview of the runbook was not queued behind it
        assertEquals("ok", one.cells().getFirst().status());
    }

    @Test
    void preview_badParam_refusedAsAStartWouldBe() {
        assertThrows(
                Params.InvalidParams.class,
                () -> engine.preview(
                        "f.flow.yaml", Map.of("nope", "1"), new Actor("alice", "test"), previews, windows));
        assertNull(engine.list().stream().findFirst().orElse(null));
    }

    @Test
    void holdPoint_reached_keepsThePreviewOfWhatFollows() throws Exception {
        engine.previewHolds(previews, windows);
        String id = paused(engine.start("f.flow.yaml", Map.of("db", "orders"), "alice", "test"));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        Optional<HoldPreview> json = engine.holdPreview(id, "hold");
        while (json.orElseThrow().state() == HoldPreview.State.MAKING && System.nanoTime() < deadline) {
            Thread.sleep(50);
            json = engine.holdPreview(id, "hold");
        }
        assertEquals(HoldPreview.State.READY, json.orElseThrow().state(), json.toString());
        FlowPreview p = dev.tejun.kernel.Json.MAPPER.readValue(json.get().json(), FlowPreview.class);
        assertEquals(
                List.of("one", "done"),
                p.nodes().stream().map(FlowPreview.NodePreview::id).toList());
        assertTrue(
                p.nodes().getFirst().cells().getFirst().output().contains("migrating"),
                json.get().json());
        assertFalse(Files.exists(marker), "nothing ran before approval");
        engine.stop(id, "alice");
    }

    @Test
    void holdPoint_reachedWithoutPreviews_saysNoneWasMade() throws Exception {
        String id = paused(engine.start("f.flow.yaml", Map.of("db", "orders"), "alice", "test"));
        HoldPreview state = engine.holdPreview(id, "hold").orElseThrow();
        assertEquals(HoldPreview.State.NONE, state.state(), "a hold reached before previews (or with them off)");
        assertTrue(state.reason().contains("no preview was made"), state.reason());
        engine.stop(id, "alice");
    }

    /** Instance {@code id} once its pause node waits. */
    private String paused(String id) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!engine.get(id)
                        .flatMap(fi -> fi.node("hold"))
                        .map(n -> n.status() == NodeStatus.PAUSED)
                        .orElse(false)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return id;
    }
}

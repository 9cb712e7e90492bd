package dev.tejun.kernel.session;

import static dev.tejun.kernel.cmdb.TestCmdb.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.kernel.cmdb.CmdbReferences;
import dev.tejun.kernel.cmdb.TestCmdb;
import dev.tejun.kernel.event.CellResult;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.evidence.EvidenceStore;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.cmdb.CmdbExecutorFactory;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code operation=${params.op}} on a cell: the reference is put in before the cell reads the CMDB, so the cell reads
 * the operation the param names (a {@code cmdb} query and a {@code ${cmdb…}} value alike), and a param naming no
 * operation fails the cell before it runs.
 */
class ScopeAttributesTest {

    static final String RUNBOOK = """
            ---
            params:
              op: { default: "" }
            ---
            ```cmdb {#query operation=${params.op}}
            SELECT port FROM web WHERE host = 'web1'
            ```

            ```cmdb {#value operation=${params.op}}
            SELECT ${cmdb.web.web1.port} AS v
            ```
            """;

    @TempDir
    Path dir;

    TestCmdb cmdb;

    @BeforeEach
    void seed() {
        cmdb = new TestCmdb(dir.resolve("db"));
        cmdb.store.register("web", RowDraft.host("web1", Map.of("port", 80)), ALICE);
        cmdb.store.register("web", RowDraft.host("web1", "patch-7", Map.of("port", 9443)), ALICE);
    }

    @AfterEach
    void close() {
        cmdb.close();
    }

    @Test
    void run_operationAttributeFromAParam_readsThatOperationsRows() throws Exception {
        List<Event> events = run(Map.of("op", "patch-7"));

        assertEquals(
                CellStatus.OK,
                ValuesAreDataTest.finished(events, "query").status(),
                ValuesAreDataTest.finished(events, "query").message());
        assertTrue(table(events, "query").contains("[[9443]]"), table(events, "query"));
        assertTrue(table(events, "value").contains("[[\"9443\"]]"), table(events, "value"));
    }

    private static String table(List<Event> events, String cell) {
        return events.stream()
                .filter(e -> e instanceof CellResult r && r.cellId().equals(cell))
                .map(e -> ((CellResult) e).data())
                .findFirst()
                .orElseThrow(() -> new AssertionError(cell + ": " + ValuesAreDataTest.finished(events, cell)));
    }

    @Test
    void run_operationAttributeNamingNoOperation_failsTheCellNamingIt() throws Exception {
        List<Event> events = run(Map.of("op", "ghost"));

        var query = ValuesAreDataTest.finished(events, "query");
        assertEquals(CellStatus.FAILED, query.status());
        assertTrue(query.message().contains("ghost"), query.message());
    }

    private List<Event> run(Map<String, String> params) throws Exception {
        Path file = Files.writeString(dir.resolve("rb.md"), RUNBOOK);
        Path data = Files.createDirectories(dir.resolve("data"));
        Session.Services services = new Session.Services(
                new ExecutorRegistry(List.of(new ShellExecutorFactory(), new CmdbExecutorFactory(cmdb.store))),
                new EvidenceStore(data.resolve("evidence"), Clock.systemUTC()),
                data,
                Clock.systemUTC(),
                new CmdbReferences(cmdb.store));
        try (Session session = new Session(
                "s", new RunbookFile("rb.md", file), params, Files.createDirectories(dir.resolve("work")), services)) {
            session.run(List.of(), "tester", null).finished().get(120, TimeUnit.SECONDS);
            return session.events().since(0, 1_000_000).events();
        }
    }
}

package dev.tejun.kernel.exec.cmdb;

import static dev.tejun.kernel.cmdb.TestCmdb.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.cmdb.TestCmdb;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cmdb cell over a real SQLite file. */
@Timeout(60)
class CmdbExecutorTest {

    /** Never ends on its own: counts forever. */
    static final String ENDLESS =
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n";

    @TempDir
    Path dir;

    TestCmdb cmdb;
    Executor executor;
    RecordingOutput output = new RecordingOutput();
    Row web1;

    @BeforeEach
    void open() {
        cmdb = new TestCmdb(dir);
        executor = new CmdbExecutorFactory(cmdb.store).create(new SessionContext("s1", dir, dir));
        web1 = cmdb.store.register(
                "web",
                RowDraft.host(
                        "web1",
                        Map.of(
                                "port",
                                8443,
                                "ratio",
                                "0.5",
                                "tls",
                                true,
                                "since",
                                "2026-01-31",
                                "server_name",
                                "ウェブ一号",
                                "token",
                                "hunter2")),
                ALICE);
        cmdb.store.register("web", RowDraft.host("web2", Map.of("port", 80, "tls", false)), ALICE);
    }

    @AfterEach
    void close() {
        executor.close();
        cmdb.close();
    }

    private CellOutcome run(String sql, Map<String, String> attributes, Duration timeout) {
        return executor.execute(
                new CellRequest(
                        "r1", "c1", "cmdb", sql, new Attributes(null, List.of(), attributes), dir, timeout, Map.of()),
                output);
    }

    private CellOutcome run(String sql) {
        return run(sql, Map.of(), null);
    }

    private JsonNode table() throws Exception {
        List<RecordingOutput.Result> results = output.results();
        assertEquals(1, results.size());
        assertEquals("application/vnd.tejun.table+json", results.getFirst().mime());
        return new ObjectMapper().readTree(results.getFirst().data());
    }

    @Test
    void execute_viewReturnsTypedColumns() throws Exception {
        CellOutcome outcome =
                run("SELECT host, port, ratio, tls, since, server_name, typeof(port) AS t FROM web ORDER BY host");

        assertEquals(CellStatus.OK, outcome.status(), outcome.message());
        assertEquals("2", outcome.value());
        JsonNode table = table();
        assertEquals(
                "[\"host\",\"port\",\"ratio\",\"tls\",\"since\",\"server_name\",\"t\"]",
                table.get("columns").toString());
        assertEquals(
                "[[\"web1\",8443,0.5,1,\"2026-01-31\",\"ウェブ一号\",\"integer\"],[\"web2\",80,null,0,null,null,\"integer\"]]",
                table.get("rows").toString());
        assertFalse(table.get("truncated").booleanValue());
    }

    @Test
    void execute_viewHasIdHostOperationThenSheetColumns() throws Exception {
        run("SELECT * FROM web LIMIT 1");

        assertEquals(
                "[\"id\",\"host\",\"operation\",\"port\",\"ratio\",\"tls\",\"since\",\"server_name\",\"token\"]",
                table().get("columns").toString());
    }

    @Test
    void execute_printsAlignedTextTable() {
        run("SELECT host, port, server_name FROM web ORDER BY host");

        assertEquals("""
                host | port | server_name
                -----+------+------------
                web1 | 8443 | ウェブ一号
                web2 |   80 |
                (2 rows)
                """, output.stdoutText());
    }

    @Test
    void execute_secretColumnIsMasked() throws Exception {
        CellOutcome outcome = run("SELECT token FROM web WHERE host = 'web1'");

        assertEquals(CellStatus.OK, outcome.status(), outcome.message());
        assertEquals("[[\"****\"]]", table().get("rows").toString());
        assertFalse(output.stdoutText().contains("hunter2"));
    }

    @Test
    void execute_discardedRowsAreLeftOut() throws Exception {
        cmdb.store.discard("web", web1.id(), web1.version(), ALICE);

        run("SELECT host FROM web");

        assertEquals("[[\"web2\"]]", table().get("rows").toString());
    }

    @Test
    void execute_writesAreRefused() {
        for (String write : List.of(
                "INSERT INTO cmdb_row (sheet, doc) VALUES ('web', '{}')",
                "UPDATE cmdb_row SET doc = '{}'",
                "DELETE FROM cmdb_journal",
                "DROP VIEW web",
                "ATTACH DATABASE ':memory:' AS m",
                "PRAGMA query_only = 0",
                "  -- a comment first\n  delete from cmdb_row",
                "CREATE TABLE x (a)")) {
            CellOutcome outcome = run(write);
            assertEquals(CellStatus.FAILED, outcome.status(), write);
            assertTrue(outcome.message().contains("cmdb cells are read-only"), outcome.message());
        }
    }

    @Test
    void execute_writeHiddenInWithIsRefusedByTheConnection() {
        CellOutcome outcome = run("WITH x AS (SELECT 1) DELETE FROM cmdb_row");

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().startsWith("the query tries to write"), outcome.message());
        assertEquals(
                2, cmdb.store.list("web", dev.tejun.cmdb.model.RowQuery.all()).size());
    }

    @Test
    void execute_secondStatementIsRefused() {
        CellOutcome outcome = run("SELECT 1; DELETE FROM cmdb_row");

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("one query"), outcome.message());
        assertEquals(
                CellStatus.OK,
                run("SELECT ';' AS a, \"x;y\" FROM (SELECT 1 AS \"x;y\"); -- done;\n")
                        .status());
    }

    @Test
    void execute_tablesOutsideTheCmdbAreRefused() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tejun.db"));
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE users (name TEXT, password_hash TEXT)");
            st.execute("INSERT INTO users VALUES ('alice', 'xyz')");
        }

        for (String read :
                List.of("SELECT * FROM users", "SELECT name FROM web, users", "SELECT sql FROM sqlite_master")) {
            CellOutcome outcome = run(read);
            assertEquals(CellStatus.FAILED, outcome.status(), read);
            // on PostgreSQL the cell reads a SQLite snapshot of the cmdb_ tables: the others are not there at all
            assertTrue(TestDatabases.postgresql() || outcome.message().contains("outside the CMDB"), outcome.message());
        }
        assertEquals(CellStatus.OK, run("SELECT count(*) FROM cmdb_journal").status());
    }

    @Test
    void execute_timeoutCancelsTheStatement() {
        CellOutcome outcome = run(ENDLESS, Map.of(), Duration.ofMillis(300));

        assertEquals(CellStatus.TIMED_OUT, outcome.status());
        assertTrue(output.results().isEmpty());
        assertFalse(queryStillRunning(), "the statement was interrupted, not left running");
        // the connection was released: the store still answers and the next cell runs
        assertEquals(CellStatus.OK, run("SELECT count(*) FROM web").status());
    }

    @Test
    void execute_interruptStopsTheStatement() throws Exception {
        CompletableFuture<CellOutcome> outcome = new CompletableFuture<>();
        Thread cell = Thread.ofPlatform().start(() -> outcome.complete(run(ENDLESS)));
        Thread.sleep(200);
        cell.interrupt();

        assertEquals(CellStatus.STOPPED, outcome.get(30, TimeUnit.SECONDS).status());
        assertFalse(queryStillRunning(), "the statement was interrupted, not left running");
    }

    /**
     * True if some worker thread is still inside a query 2 s after the cell ended. Not checked at once: the
     * worker counts the query as ended in its last finally block, and a loaded machine can pause it there
     * before the frame is gone. A statement left running would still be there after 2 s.
     */
    private static boolean queryStillRunning() {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (insideQuery()) {
            if (System.nanoTime() > deadline) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return false;
    }

    /** Whether some worker thread is inside a query now (idle pool threads wait in the pool's queue). */
    private static boolean insideQuery() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("cmdb-query-"))
                .anyMatch(e -> java.util.Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().equals(Query.class.getName())));
    }

    @Test
    void execute_asOfReturnsValuesOfThatTime() throws Exception {
        Instant before = cmdb.clock.instant();
        cmdb.clock.advance(Duration.ofDays(40));
        cmdb.store.update("web", web1.id(), web1.version(), RowDraft.host("web1", Map.of("port", 443)), ALICE);

        run("SELECT port FROM web WHERE host = 'web1'", Map.of("as-of", before.toString()), null);
        assertEquals("[[8443]]", table().get("rows").toString());
        output = new RecordingOutput();
        run("SELECT port FROM web WHERE host = 'web1'");
        assertEquals("[[443]]", table().get("rows").toString());
        output = new RecordingOutput();
        run("SELECT count(*) FROM web", Map.of("as-of", "2020-01-01"), null);
        assertEquals("[[0]]", table().get("rows").toString());
    }

    @Test
    void execute_operationPicksOperationRowsAndFallsBack() throws Exception {
        cmdb.store.register("web", RowDraft.host("web1", "2026-12 patch", Map.of("port", 9443)), ALICE);

        run("SELECT host, port, operation FROM web ORDER BY host", Map.of("operation", "2026-12 patch"), null);

        assertEquals(
                "[[\"web1\",9443,\"2026-12 patch\"],[\"web2\",80,null]]",
                table().get("rows").toString());
    }

    @Test
    void execute_unknownSheetFailsNamingTheSheets() {
        CellOutcome outcome = run("SELECT * FROM nosuch");

        assertEquals(CellStatus.FAILED, outcome.status());
        assertEquals("no sheet named 'nosuch' (sheets: hosts, web)", outcome.message());
    }

    @Test
    void execute_sqlErrorIsReportedPlainly() {
        CellOutcome outcome = run("SELECT nosuch FROM web");

        assertEquals(CellStatus.FAILED, outcome.status());
        assertTrue(outcome.message().contains("no such column: nosuch"), outcome.message());
    }

    @Test
    void execute_limitTruncates() throws Exception {
        CellOutcome outcome = run(
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 50) SELECT x FROM n",
                Map.of("limit", "10"),
                null);

        assertEquals("10", outcome.value());
        assertTrue(table().get("truncated").booleanValue());
        assertTrue(output.stdoutText().endsWith("(10 rows, truncated at the limit)\n"), output.stdoutText());
    }

    @Test
    void execute_badAttributesFailBeforeRunning() {
        assertTrue(run("SELECT 1", Map.of("limit", "0"), null).message().startsWith("limit '0'"));
        assertTrue(run("SELECT 1", Map.of("as-of", "yesterday"), null).message().startsWith("as-of 'yesterday'"));
        assertTrue(output.results().isEmpty());
    }
}

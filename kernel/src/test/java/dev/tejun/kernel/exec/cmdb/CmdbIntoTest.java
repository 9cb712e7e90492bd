package dev.tejun.kernel.exec.cmdb;

import static dev.tejun.kernel.cmdb.TestCmdb.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.kernel.cmdb.TestCmdb;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.RecordingOutput;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code cmdb} cell with {@code into=SHEET}: its result table, one row per host, becomes each host's actual state in
 * the observed sheet through the journal (the run id as the source); a table that cannot be stored writes nothing.
 */
class CmdbIntoTest {

    @TempDir
    Path dir;

    TestCmdb cmdb;
    Executor executor;
    RecordingOutput output = new RecordingOutput();

    @BeforeEach
    void open() {
        cmdb = new TestCmdb(dir);
        cmdb.store.putSheet(
                SheetDef.host("web_seen", "", ColumnDef.of("port", ColumnType.INTEGER))
                        .observing(new SheetDef.Pairing("web", Map.of())),
                ALICE);
        cmdb.store.register("web", RowDraft.host("web1", Map.of("port", 8443)), ALICE);
        cmdb.store.register("web", RowDraft.host("web2", Map.of("port", 80)), ALICE);
        executor = new CmdbExecutorFactory(cmdb.store).create(new SessionContext("s1", dir, dir));
    }

    @AfterEach
    void close() {
        executor.close();
        cmdb.close();
    }

    private CellOutcome run(String sql, String into) {
        return executor.execute(
                new CellRequest(
                        "run-7",
                        "c1",
                        "cmdb",
                        sql,
                        new Attributes(null, List.of(), Map.of("into", into)),
                        dir,
                        null,
                        Map.of()),
                output);
    }

    @Test
    void execute_into_theResultTableIsEachHostsActualState() {
        CellOutcome outcome = run("SELECT host, port + 1 AS port FROM web ORDER BY host", "web_seen");

        assertEquals(CellStatus.OK, outcome.status(), outcome.message());
        assertEquals(8444L, cmdb.store.hostRow("web_seen", "web1").orElseThrow().value("port"));
        assertEquals(81L, cmdb.store.hostRow("web_seen", "web2").orElseThrow().value("port"));
        assertTrue(output.stdoutText().contains("collected 2 host(s) into web_seen"), output.stdoutText());
    }

    @Test
    void execute_intoWithoutHostColumnOrWithAColumnTheSheetLacks_failsAndWritesNothing() {
        CellOutcome noHost = run("SELECT port FROM web", "web_seen");
        assertEquals(CellStatus.FAILED, noHost.status());
        assertTrue(noHost.message().contains("host"), noHost.message());

        CellOutcome extra = run("SELECT host, port, tls FROM web", "web_seen");
        assertEquals(CellStatus.FAILED, extra.status());
        assertTrue(extra.message().contains("tls"), extra.message());

        CellOutcome expected = run("SELECT host, port FROM web", "web");
        assertEquals(CellStatus.FAILED, expected.status());
        assertTrue(expected.message().contains("not an observed sheet"), expected.message());

        assertTrue(cmdb.store.hostRow("web_seen", "web1").isEmpty(), "nothing was written");
    }
}

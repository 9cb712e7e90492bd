package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun cmdb operations …} and {@code tejun cmdb inventory --as-of} on a real data folder. */
class OperationsCliTest {

    static final Actor WHO = new Actor("test", Channel.SYSTEM);

    @TempDir
    Path home;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    Instant before;

    @BeforeEach
    void fill() {
        try (CmdbStore cmdb = new CmdbStore(home.resolve("tejun.db"))) {
            cmdb.putSheet(SheetDef.host("web", "", ColumnDef.of("port", ColumnType.INTEGER)), WHO);
            cmdb.register("hosts", RowDraft.host("web1", Map.of()), WHO);
            Row row = cmdb.register("web", RowDraft.host("web1", Map.of("port", 80)), WHO);
            before = row.updatedAt();
            while (!Instant.now()
                    .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                    .isAfter(before)) {
                Thread.onSpinWait(); // the change below must land on a later millisecond than `before`
            }
            cmdb.update("web", row.id(), 1, RowDraft.host("web1", Map.of("port", 8080)), WHO);
        }
    }

    private int tejun(String... words) throws Exception {
        return LocalCli.run(out, err, home, System.getenv(), words);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void operations_createUpdateListCancel() throws Exception {
        assertEquals(
                0,
                tejun(
                        "cmdb",
                        "operations",
                        "create",
                        "patch-7",
                        "--planned",
                        "2026-11-01T10:00+09:00[Asia/Tokyo]",
                        "--owner",
                        "ann",
                        "--notes",
                        "kernel 6.18"));
        assertTrue(out().contains("status:  planned"), out());
        assertEquals(0, tejun("cmdb", "operations", "update", "patch-7", "--owner", "bob"));
        assertTrue(out().contains("owner:   bob") && out().contains("2026-11-01T10:00+09:00[Asia/Tokyo]"), out());
        assertEquals(0, tejun("cmdb", "operations", "list"));
        assertTrue(out().matches("(?s)patch-7\\s+planned\\s+2026-11-01T10:00\\+09:00\\[Asia/Tokyo].*bob.*"), out());
        assertEquals(0, tejun("cmdb", "operations", "cancel", "patch-7"));
        assertTrue(out().contains("status:  cancelled"), out());
        assertEquals(1, tejun("cmdb", "operations", "cancel", "patch-7"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("operation patch-7 is cancelled"));
    }

    @Test
    void operations_badPlannedTime_refusedAndNothingMade() throws Exception {
        assertEquals(1, tejun("cmdb", "operations", "create", "x", "--planned", "next week"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--planned 'next week' is not a time"));
        assertEquals(0, tejun("cmdb", "operations", "list"));
        assertEquals("", out());
    }

    @Test
    void inventory_asOf_theValuesAsTheyWereThen_futureRefused() throws Exception {
        assertEquals(0, tejun("cmdb", "inventory", "--as-of", before.toString()));
        assertTrue(out().contains("\"port\" : 80") || out().contains("\"port\":80"), out());
        assertEquals(0, tejun("cmdb", "inventory"));
        assertTrue(out().contains("8080"), out());
        assertEquals(2, tejun("cmdb", "inventory", "--as-of", "2999-01-01"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is in the future"), err.toString());
    }

    @Test
    void run_unknownOrCancelledOperation_refusedBeforeAnyCellRuns() throws Exception {
        Path ran = home.resolve("ran");
        Path runbook = java.nio.file.Files.writeString(home.resolve("rb.md"), """
                ---
                params:
                  operation: { default: "" }
                ---
                ```sh
                touch '%s'
                ```
                """.formatted(ran));
        assertEquals(2, tejun("run", runbook.toString(), "-p", "operation=ghost"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("ghost"), err.toString());
        assertEquals(0, tejun("cmdb", "operations", "create", "patch-7"));
        assertEquals(0, tejun("cmdb", "operations", "cancel", "patch-7"));
        assertEquals(2, tejun("run", runbook.toString(), "-p", "operation=patch-7"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cancelled"), err.toString());
        assertTrue(!java.nio.file.Files.exists(ran), "no cell ran");
    }
}

package dev.tejun.cmdb.store;

import static dev.tejun.cmdb.testing.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowOp;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An as-of read answers the rows in id order on every backend, whatever order the database's plan returns the last
 * journal entries in (PostgreSQL's hash join returns them in journal order), each row as it was then.
 */
class AsOfOrderTest {

    /** Rows in the sheet; half are changed afterwards in a random order. */
    static final int ROWS = 5_000;

    @TempDir
    Path home;

    final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T09:00:00Z"));

    @AutoClose
    CmdbStore cmdb;

    @Test
    void byId_entriesInAnyOrder_comeOutByIdAscending() {
        long[] ids = {5, 1, 4, 2, 3};
        assertEquals(List.of("1", "2", "3", "4", "5"), texts(RowReader.byId(bytes("5", "1", "4", "2", "3"), ids)));
    }

    @Test
    void byId_idsFartherApartThanAnInt_comeOutByIdAscending() {
        long[] ids = {Long.MAX_VALUE - 1, 7, 1L << 40, 3};
        assertEquals(
                List.of("three", "seven", "big", "max"),
                texts(RowReader.byId(bytes("max", "seven", "big", "three"), ids)));
    }

    @Test
    void asOf_manyRowsChangedInRandomOrder_rowsByIdWithTheirValuesThen() {
        cmdb = new CmdbStore(TestDatabases.settings(home), clock);
        cmdb.putSheet(SheetDef.data("big", "as-of order", ColumnDef.of("n", ColumnType.INTEGER)), ALICE);
        List<RowOp> ops = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            ops.add(new RowOp.Register("big", null, RowDraft.data(Map.of("n", i))));
        }
        List<Row> rows = cmdb.apply(ops, ALICE);
        // rows changed in a random order, so their last entries' seqs are not in id order
        List<Row> shuffled = new ArrayList<>(rows);
        java.util.Collections.shuffle(shuffled, new Random(7));
        ops.clear();
        for (Row r : shuffled.subList(0, rows.size() / 2)) {
            ops.add(new RowOp.Update("big", null, r.id(), r.version(), RowDraft.data(Map.of("n", -r.id()))));
        }
        cmdb.apply(ops, ALICE);
        Instant then = clock.advance(Duration.ofMinutes(1));
        List<Row> rowsThen = cmdb.list("big", RowQuery.all());
        clock.advance(Duration.ofMinutes(1));
        Row first = rowsThen.getFirst();
        cmdb.update("big", first.id(), first.version(), RowDraft.data(Map.of("n", -1)), ALICE);

        List<Row> asOf = cmdb.asOf("big", then);
        assertEquals(
                rows.stream().map(Row::id).sorted().toList(),
                asOf.stream().map(Row::id).toList(),
                "every row once, by id");
        assertEquals(rowsThen, asOf, "each row as it was then");
    }

    private static List<byte[]> bytes(String... texts) {
        List<byte[]> out = new ArrayList<>();
        for (String t : texts) {
            out.add(t.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<String> texts(List<byte[]> bytes) {
        return bytes.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }
}

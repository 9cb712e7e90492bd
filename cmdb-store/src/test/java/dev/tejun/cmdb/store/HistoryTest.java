package dev.tejun.cmdb.store;

import static dev.tejun.cmdb.testing.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDiff;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.testing.Fixtures;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {

    @TempDir
    Path home;

    final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T09:00:00Z"));

    @AutoClose
    CmdbStore cmdb;

    @Test
    void asOf_returnsSheetAsItWasAtEachTime() {
        cmdb = new CmdbStore(TestDatabases.settings(home), clock);
        cmdb.putSheet(Fixtures.webSheet(), ALICE);
        Fixtures.addHosts(cmdb, "web1", "web2");
        Instant t0 = clock.advance(Duration.ofHours(1));
        Instant t1 = clock.advance(Duration.ofHours(1));
        Row a = cmdb.register("web", RowDraft.host("web1", Map.of("port", 80)), ALICE);
        Instant t2 = clock.advance(Duration.ofHours(1));
        cmdb.update("web", a.id(), 1, RowDraft.host("web1", Map.of("port", 81)), ALICE);
        Row b = cmdb.register("web", RowDraft.host("web2", Map.of("port", 90)), ALICE);
        Instant t3 = clock.advance(Duration.ofHours(1));
        cmdb.discard("web", a.id(), 2, ALICE);
        Instant t4 = clock.advance(Duration.ofHours(1));

        assertEquals(List.of(), cmdb.asOf("web", t0));
        assertEquals(
                List.of(Map.of("port", 80L)),
                cmdb.asOf("web", t1).stream().map(Row::values).toList());
        assertEquals(
                List.of(81L, 90L),
                cmdb.asOf("web", t2).stream().map(r -> r.value("port")).toList());
        assertEquals(
                List.of(true, false),
                cmdb.asOf("web", t3).stream().map(Row::discarded).toList());
        assertEquals(
                List.of(b.id()),
                cmdb.asOf("web", t4, RowQuery.active()).stream().map(Row::id).toList());
        assertEquals(cmdb.list("web", RowQuery.all()), cmdb.asOf("web", t4), "as-of now equals the current rows");
    }

    @Test
    void diff_namesAddedChangedDiscardedRows() {
        cmdb = new CmdbStore(TestDatabases.settings(home), clock);
        cmdb.putSheet(Fixtures.webSheet(), ALICE);
        Fixtures.addHosts(cmdb, "web1", "web2", "web3");
        Row a = cmdb.register("web", RowDraft.host("web1", Map.of("port", 80, "tls", false)), ALICE);
        Row c = cmdb.register("web", RowDraft.host("web3", Map.of("port", 70)), ALICE);
        Instant t1 = clock.advance(Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(5));
        cmdb.update("web", a.id(), 1, RowDraft.host("web1", Map.of("port", 443, "tls", false)), ALICE);
        Row b = cmdb.register("web", RowDraft.host("web2", Map.of("port", 90)), ALICE);
        cmdb.discard("web", c.id(), 1, ALICE);
        Instant t2 = clock.advance(Duration.ofMinutes(5));

        List<RowDiff> diff = cmdb.diff("web", t1, t2);
        assertEquals(
                List.of(RowDiff.Kind.CHANGED, RowDiff.Kind.DISCARDED, RowDiff.Kind.ADDED),
                diff.stream().map(RowDiff::kind).toList());
        assertEquals(
                List.of(a.id(), c.id(), b.id()),
                diff.stream().map(RowDiff::rowId).toList());
        assertEquals(
                Map.of("port", new RowDiff.ValueChange(80L, 443L)), diff.get(0).columns());
        assertNull(diff.get(2).before());
        assertEquals(List.of(), cmdb.diff("web", t2, t2));
    }
}

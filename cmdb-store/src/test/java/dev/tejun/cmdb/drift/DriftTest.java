package dev.tejun.cmdb.drift;

import static dev.tejun.cmdb.testing.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.DefinitionException;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.ValidationException;
import dev.tejun.testing.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftTest {

    static final Actor RUN = new Actor("ops", Channel.RUNBOOK);
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path home;

    FakeClock clock = new FakeClock(T0);

    @AutoClose
    CmdbStore cmdb;

    @BeforeEach
    void open() {
        cmdb = new CmdbStore(home.resolve("tejun.db"), clock);
        cmdb.putSheet(
                SheetDef.host(
                        "web",
                        "",
                        ColumnDef.of("port", ColumnType.INTEGER),
                        ColumnDef.of("docroot", ColumnType.STRING),
                        ColumnDef.of("owner", ColumnType.STRING)),
                ALICE);
        cmdb.putSheet(
                SheetDef.host(
                                "web_actual",
                                "",
                                ColumnDef.of("listen", ColumnType.STRING),
                                ColumnDef.of("docroot", ColumnType.STRING))
                        .observing(new SheetDef.Pairing("web", Map.of("listen", "port", "docroot", "docroot"))),
                ALICE);
        for (String host : List.of("web1", "web2")) {
            cmdb.register("hosts", RowDraft.host(host, Map.of()), ALICE);
        }
        cmdb.register("web", RowDraft.host("web1", Map.of("port", 80, "docroot", "/srv")), ALICE);
        cmdb.register("web", RowDraft.host("web2", Map.of("port", 8080)), ALICE);
    }

    @Test
    void drift_appearsWithBeforeAfterAndSinceThenDisappearsAfterRemediation() {
        cmdb.recordObserved("web_actual", Map.of("web1", Map.of("listen", "80", "docroot", "/srv")), "run-1", RUN);
        DriftReport clean = cmdb.drift("web").getFirst();
        assertEquals(List.of("port", "docroot"), clean.columns(), "expected sheet's column order");
        assertEquals(0, clean.drifted(), "text 80 is the INTEGER 80");
        assertEquals(1, clean.uncollected(), "web2 never collected: not drift, but said");

        clock.advance(Duration.ofHours(1));
        Instant changed = clock.instant();
        cmdb.recordObserved("web_actual", Map.of("web1", Map.of("listen", "81")), "run-2", RUN);
        clock.advance(Duration.ofHours(1));
        cmdb.recordObserved("web_actual", Map.of("web1", Map.of("listen", "81")), "run-3", RUN);
        DriftReport drift = cmdb.drift("web_actual").getFirst();
        assertEquals(1, drift.drifted());
        HostDrift web1 = drift.hosts().getFirst();
        assertEquals("web1", web1.host());
        assertEquals("run-3", web1.collectedBy());
        assertEquals(clock.instant(), web1.collectedAt(), "the last look, though nothing changed in it");
        CellDrift port = web1.cells().getFirst();
        assertEquals(new CellDrift("port", "listen", 80L, "81", true, changed), port);
        assertFalse(web1.cells().get(1).differs());
        long observedRow = cmdb.list("web_actual", RowQuery.active()).getFirst().id();
        assertEquals(2, cmdb.history("web_actual", observedRow).size(), "an unchanged look writes no history");

        clock.advance(Duration.ofHours(1));
        cmdb.recordObserved("web_actual", Map.of("web1", Map.of("listen", "80")), "run-4", RUN);
        assertEquals(0, cmdb.drift(null).getFirst().drifted());
    }

    @Test
    void drift_manyHosts_comparedInHostOrderWithTextAndParsedValues() {
        // more hosts than one comparing task takes, so the report is put together from several
        List<dev.tejun.cmdb.model.RowOp> ops = new java.util.ArrayList<>();
        Map<String, Map<String, Object>> seen = new java.util.HashMap<>();
        for (int h = 0; h < 1_203; h++) {
            String host = String.format("m%04d", h);
            ops.add(new dev.tejun.cmdb.model.RowOp.Register("hosts", host, RowDraft.host(host, Map.of())));
            ops.add(new dev.tejun.cmdb.model.RowOp.Register("web", host, RowDraft.host(host, Map.of("port", h))));
            // every host says its port as text; some in a form that only parsing finds equal, one in 100 differs
            String listen = h % 100 == 7 ? Integer.toString(h + 1) : h % 3 == 0 ? " 0" + h + " " : Integer.toString(h);
            seen.put(host, Map.of("listen", listen));
        }
        cmdb.apply(ops, ALICE);
        cmdb.recordObserved("web_actual", seen, "run-many", RUN);
        DriftReport report = cmdb.drift("web_actual").getFirst();
        List<String> hosts = report.hosts().stream().map(HostDrift::host).toList();
        assertEquals(hosts.stream().sorted().toList(), hosts, "hosts in order");
        assertEquals(1_205, hosts.size(), "web1, web2 and the 1,203 new ones");
        List<String> drifting = report.hosts().stream()
                .filter(HostDrift::differs)
                .map(HostDrift::host)
                .toList();
        assertEquals(
                java.util.stream.IntStream.range(0, 1_203)
                        .filter(h -> h % 100 == 7)
                        .mapToObj(h -> String.format("m%04d", h))
                        .toList(),
                drifting);
        CellDrift one = report.hosts().get(hosts.indexOf("m0107")).cells().getFirst();
        assertEquals(107L, one.expected());
        assertEquals("108", one.actual());
        assertEquals(T0, one.since(), "differs since both values were written");
    }

    @Test
    void drift_expectedChangedAfterTheLastLook_differsSinceTheDesignChanged() {
        cmdb.recordObserved("web_actual", Map.of("web1", Map.of("listen", "80")), "run-1", RUN);
        clock.advance(Duration.ofDays(1));
        var row = cmdb.hostRow("web", "web1").orElseThrow();
        cmdb.update(
                "web", row.id(), row.version(), RowDraft.host("web1", Map.of("port", 443, "docroot", "/srv")), ALICE);
        CellDrift port = cmdb.drift("web").getFirst().hosts().getFirst().cells().getFirst();
        assertTrue(port.differs());
        assertEquals(clock.instant(), port.since());
    }

    @Test
    void recordObserved_intoAnExpectedSheet_refused() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> cmdb.recordObserved("web", Map.of("web1", Map.of("port", 1)), "run-1", RUN));
        assertTrue(refused.getMessage().contains("not an observed sheet"), refused.getMessage());
        assertEquals(80L, cmdb.hostRow("web", "web1").orElseThrow().value("port"));
    }

    @Test
    void recordObserved_unknownHost_refusedAndNothingWritten() {
        assertThrows(
                ValidationException.class,
                () -> cmdb.recordObserved(
                        "web_actual",
                        Map.of("web1", Map.of("listen", "80"), "ghost", Map.of("listen", "1")),
                        "run-1",
                        RUN));
        assertTrue(cmdb.list("web_actual", RowQuery.active()).isEmpty());
        assertNull(cmdb.drift("web").getFirst().hosts().getFirst().collectedAt(), "not even the look is kept");
    }

    @Test
    void putSheet_pairingIncompatibleTypes_refused() {
        DefinitionException refused = assertThrows(
                DefinitionException.class,
                () -> cmdb.putSheet(
                        SheetDef.host("bad", "", ColumnDef.of("flag", ColumnType.BOOLEAN))
                                .observing(new SheetDef.Pairing("web", Map.of("flag", "port"))),
                        ALICE));
        assertTrue(
                refused.getMessage().contains("BOOLEAN") && refused.getMessage().contains("INTEGER"));
        assertThrows(
                DefinitionException.class,
                () -> cmdb.putSheet(
                        SheetDef.host("bad", "", ColumnDef.of("x", ColumnType.STRING))
                                .observing(new SheetDef.Pairing("web", Map.of("x", "missing"))),
                        ALICE));
        assertThrows(
                DefinitionException.class,
                () -> cmdb.putSheet(
                        SheetDef.host("bad", "", ColumnDef.of("x", ColumnType.STRING))
                                .observing(new SheetDef.Pairing("nowhere", Map.of())),
                        ALICE));
    }

    @Test
    void inventory_observedSheets_feedNoVariables() {
        cmdb.recordObserved("web_actual", Map.of("web1", Map.of("docroot", "/other")), "run-1", RUN);
        assertEquals("/srv", cmdb.inventory(null).hosts().get("web1").vars().get("docroot"));
    }
}

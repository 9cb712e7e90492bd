package dev.tejun.cmdb.store;

import static dev.tejun.cmdb.testing.Fixtures.ALICE;
import static dev.tejun.cmdb.testing.Fixtures.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.Change;
import dev.tejun.cmdb.model.ChangeAction;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.HostsSheet;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowOp;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.testing.Fixtures;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.testing.FakeClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmdbStoreTest {

    @TempDir
    Path home;

    final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T09:00:00Z"));

    @AutoClose
    CmdbStore cmdb;

    @BeforeEach
    void open() {
        cmdb = new CmdbStore(TestDatabases.settings(home), clock);
        cmdb.putSheet(Fixtures.webSheet(), ALICE);
        Fixtures.addHosts(cmdb, "web1", "web2");
    }

    private Row registerWeb(String host, int port, String vip) {
        return cmdb.register("web", RowDraft.host(host, Map.of("port", port, "vip", vip)), ALICE);
    }

    @Test
    void open_createsHostsSheetAndSurvivesReopen() {
        Row row = registerWeb("web1", 80, "10.1.0.1");
        cmdb.close();
        cmdb = new CmdbStore(TestDatabases.settings(home), clock);
        assertEquals(HostsSheet.definition(), cmdb.sheet("hosts").orElseThrow());
        assertEquals(
                List.of("hosts", "web"),
                cmdb.sheets().stream().map(SheetDef::name).toList());
        assertEquals(row, cmdb.get("web", row.id()).orElseThrow());
    }

    @Test
    void register_storesCanonicalValuesAndJournalsWhoAndHow() {
        Row row =
                cmdb.register("web", RowDraft.host("web1", Map.of("port", "8080", "tls", "true", "mode", "prod")), BOB);
        assertEquals(Map.of("port", 8080L, "tls", true, "mode", "prod"), row.values());
        assertEquals(1, row.version());
        assertEquals("bob", row.updatedBy());
        Change change = cmdb.history("web", row.id()).getFirst();
        assertEquals(ChangeAction.REGISTER, change.action());
        assertEquals(Channel.WEB, change.channel());
        assertEquals(clock.instant(), change.at());
        assertEquals(row, change.after());
    }

    @Test
    void register_hostsSheetDefaultsSshPort() {
        Row host = cmdb.list("hosts", RowQuery.active()).getFirst();
        assertEquals(22L, host.value("ssh_port"));
    }

    @Test
    void register_badValues_refusedWithEveryError() {
        var e = assertThrows(
                ValidationException.class,
                () -> cmdb.register("web", RowDraft.host("nohost", Map.of("port", 70000, "mode", "dev")), ALICE));
        assertEquals(
                List.of("host", "port", "mode"),
                e.errors().stream().map(CellError::column).toList());
        assertEquals(List.of(), cmdb.list("web", RowQuery.all()));
    }

    @Test
    void update_staleVersion_refusedWithCurrentRow() {
        Row row = registerWeb("web1", 80, "10.1.0.1");
        Row bobs = cmdb.update("web", row.id(), 1, RowDraft.host("web1", Map.of("port", 81)), BOB);
        var e = assertThrows(
                StaleVersionException.class,
                () -> cmdb.update("web", row.id(), 1, RowDraft.host("web1", Map.of("port", 82)), ALICE));
        assertEquals(bobs, e.current());
        assertEquals(81L, cmdb.get("web", row.id()).orElseThrow().value("port"));
    }

    @Test
    void update_sameValues_makesNoNewVersion() {
        Row row = registerWeb("web1", 80, "10.1.0.1");
        Row again =
                cmdb.update("web", row.id(), 1, RowDraft.host("web1", Map.of("port", "80", "vip", "10.1.0.1")), BOB);
        assertEquals(1, again.version());
        assertEquals(1, cmdb.history("web", row.id()).size());
    }

    @Test
    void lifecycle_journalsEveryActionWithTheRowAfter() {
        Row row = registerWeb("web1", 80, "10.1.0.1");
        clock.advance(Duration.ofMinutes(1));
        cmdb.update("web", row.id(), 1, RowDraft.host("web1", Map.of("port", 81, "vip", "10.1.0.1")), BOB);
        clock.advance(Duration.ofMinutes(1));
        cmdb.discard("web", row.id(), 2, ALICE);
        clock.advance(Duration.ofMinutes(1));
        Row restored = cmdb.restore("web", row.id(), 3, BOB);

        List<Change> history = cmdb.history("web", row.id());
        assertEquals(
                List.of(ChangeAction.REGISTER, ChangeAction.UPDATE, ChangeAction.DISCARD, ChangeAction.RESTORE),
                history.stream().map(Change::action).toList());
        assertEquals(
                List.of(1L, 2L, 3L, 4L),
                history.stream().map(c -> c.after().version()).toList());
        assertEquals(
                List.of(false, false, true, false),
                history.stream().map(c -> c.after().discarded()).toList());
        assertEquals(
                List.of("alice", "bob", "alice", "bob"),
                history.stream().map(Change::user).toList());
        assertEquals(81L, history.get(1).after().value("port"));
        assertEquals(restored, history.getLast().after());
        assertTrue(history.get(0).seq() < history.get(1).seq());
    }

    @Test
    void discard_hidesRowAndRefusesEdits() {
        Row row = registerWeb("web1", 80, "10.1.0.1");
        cmdb.discard("web", row.id(), 1, ALICE);
        assertEquals(List.of(), cmdb.list("web", RowQuery.active()));
        assertEquals(
                1,
                cmdb.list("web", RowQuery.all().withDiscarded(RowQuery.Discarded.DISCARDED))
                        .size());
        assertThrows(
                ValidationException.class,
                () -> cmdb.update("web", row.id(), 2, RowDraft.host("web1", Map.of("port", 1)), ALICE));
        assertThrows(ValidationException.class, () -> cmdb.discard("web", row.id(), 2, ALICE));
        assertThrows(NotFoundException.class, () -> cmdb.discard("web", 999, 1, ALICE));
    }

    @Test
    void unique_duplicateRefused_freedByDiscard_restoreThenRefused() {
        Row first = registerWeb("web1", 80, "10.1.0.1");
        var e = assertThrows(ValidationException.class, () -> registerWeb("web2", 80, "10.1.0.1"));
        assertEquals("vip", e.errors().getFirst().column());
        cmdb.discard("web", first.id(), 1, ALICE);
        registerWeb("web2", 80, "10.1.0.1");
        var restore = assertThrows(ValidationException.class, () -> cmdb.restore("web", first.id(), 2, ALICE));
        assertTrue(restore.errors().getFirst().message().startsWith("duplicate"), restore.getMessage());
    }

    @Test
    void unique_hostAndOperationKeyOnePerOperation() {
        registerWeb("web1", 80, "10.1.0.1");
        assertThrows(ValidationException.class, () -> registerWeb("web1", 81, "10.1.0.2"));
        Row op = cmdb.register(
                "web", RowDraft.host("web1", "2026-04 patch", Map.of("port", 81, "vip", "10.1.0.1")), ALICE);
        assertEquals("2026-04 patch", op.operation());
        assertEquals(List.of(op), cmdb.list("web", RowQuery.active().withOperation("2026-04 patch")));
        assertEquals(1, cmdb.list("web", RowQuery.active().withOperation(null)).size());
    }

    @Test
    void unique_columnSetAcrossColumns() {
        cmdb.putSheet(
                SheetDef.data("ports", "", ColumnDef.of("ip", ColumnType.IP), ColumnDef.of("port", ColumnType.INTEGER))
                        .withUniqueSet("ip", "port"),
                ALICE);
        cmdb.register("ports", RowDraft.data(Map.of("ip", "10.0.0.1", "port", 80)), ALICE);
        cmdb.register("ports", RowDraft.data(Map.of("ip", "10.0.0.1", "port", 443)), ALICE);
        var e = assertThrows(
                ValidationException.class,
                () -> cmdb.register("ports", RowDraft.data(Map.of("ip", "10.0.0.1", "port", "443")), ALICE));
        assertEquals("ip,port", e.errors().getFirst().column());
    }

    @Test
    void putSheet_newUniqueRuleBrokenByRows_isRefused() {
        cmdb.putSheet(SheetDef.data("notes", "", ColumnDef.of("a", ColumnType.STRING)), ALICE);
        cmdb.register("notes", RowDraft.data(Map.of("a", "same")), ALICE);
        cmdb.register("notes", RowDraft.data(Map.of("a", "same")), ALICE);
        assertThrows(
                ValidationException.class,
                () -> cmdb.putSheet(
                        SheetDef.data(
                                "notes",
                                "",
                                ColumnDef.of("a", ColumnType.STRING).withUnique()),
                        ALICE));
        assertFalse(cmdb.sheet("notes").orElseThrow().columns().getFirst().unique(), "refused definition not kept");
        assertThrows(IllegalArgumentException.class, () -> cmdb.putSheet(SheetDef.host("notes", ""), ALICE));
        assertThrows(IllegalArgumentException.class, () -> cmdb.putSheet(SheetDef.host("hosts", ""), ALICE));
    }

    @Test
    void reference_mustNameACurrentRow() {
        cmdb.putSheet(SheetDef.data("vlans", "", ColumnDef.of("tag", ColumnType.INTEGER)), ALICE);
        Row vlan = cmdb.register("vlans", RowDraft.data(Map.of("tag", 10)), ALICE);
        cmdb.putSheet(
                SheetDef.data("links", "", ColumnDef.reference("vlan", "vlans"), ColumnDef.reference("peer", "hosts")),
                ALICE);
        cmdb.register("links", RowDraft.data(Map.of("vlan", vlan.id(), "peer", "web2")), ALICE);
        var e = assertThrows(
                ValidationException.class,
                () -> cmdb.register("links", RowDraft.data(Map.of("vlan", 999, "peer", "web9")), ALICE));
        assertEquals(
                List.of("vlan", "peer"),
                e.errors().stream().map(CellError::column).toList());
    }

    @Test
    void apply_oneBadRow_appliesNothingAndListsAllErrors() {
        Row row = registerWeb("web1", 80, "10.1.0.1");
        var e = assertThrows(
                ValidationException.class,
                () -> cmdb.apply(
                        List.of(
                                new RowOp.Update("web", "3", row.id(), 1, RowDraft.host("web1", Map.of("port", 90))),
                                new RowOp.Register("web", "4", RowDraft.host("web2", Map.of("port", "x"))),
                                new RowOp.Discard("web", "5", row.id(), 7)),
                        ALICE));
        assertEquals(
                List.of("4:port", "5:_version"),
                e.errors().stream()
                        .map(err -> err.rowRef() + ":" + err.column())
                        .toList());
        assertEquals(row, cmdb.get("web", row.id()).orElseThrow());
        assertEquals(1, cmdb.history("web", row.id()).size());
        assertEquals(
                e.errors(),
                cmdb.check(List.of(
                        new RowOp.Update("web", "3", row.id(), 1, RowDraft.host("web1", Map.of("port", 90))),
                        new RowOp.Register("web", "4", RowDraft.host("web2", Map.of("port", "x"))),
                        new RowOp.Discard("web", "5", row.id(), 7))));
    }

    @Test
    void apply_rowsSwapUniqueValuesInOneBatch() {
        Row a = registerWeb("web1", 80, "10.1.0.1");
        Row b = registerWeb("web2", 80, "10.1.0.2");
        cmdb.apply(
                List.of(
                        new RowOp.Update(
                                "web", null, a.id(), 1, RowDraft.host("web1", Map.of("port", 80, "vip", "10.1.0.2"))),
                        new RowOp.Update(
                                "web", null, b.id(), 1, RowDraft.host("web2", Map.of("port", 80, "vip", "10.1.0.1")))),
                ALICE);
        assertEquals("10.1.0.2", cmdb.get("web", a.id()).orElseThrow().value("vip"));
        var e = assertThrows(ValidationException.class, () -> registerWeb("web1", 80, "10.1.0.1"));
        assertFalse(e.errors().isEmpty(), "keys follow the swap");
    }

    @Test
    void journal_refusesUpdateAndDeleteEvenInSql() throws SQLException {
        registerWeb("web1", 80, "10.1.0.1");
        cmdb.database().write(c -> {
            assertThrows(
                    SQLException.class,
                    () -> c.createStatement().executeUpdate("UPDATE cmdb_journal SET user_name = 'x'"));
            assertThrows(SQLException.class, () -> c.createStatement().executeUpdate("DELETE FROM cmdb_journal"));
            return null;
        });
    }

    @Test
    void openQueryOnly_refusesWrites() throws SQLException {
        try (Connection c = cmdb.database().openQueryOnly("cmdb_", prepare -> null)) {
            assertThrows(SQLException.class, () -> c.createStatement().executeUpdate("DELETE FROM cmdb_row"));
        }
    }
}

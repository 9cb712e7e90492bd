package dev.tejun.cmdb.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.DefinitionException;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locked columns and sheets in the store's one write path, on a real database. */
class LocksTest {

    static final Actor EDITOR = new Actor("ed", Channel.API);
    static final Actor APPROVER = new Actor("ap", Channel.API, true);

    @TempDir
    Path home;

    @AutoClose
    CmdbStore cmdb;

    @BeforeEach
    void open() {
        cmdb = new CmdbStore(TestDatabases.settings(home), Clock.systemUTC());
        cmdb.putSheet(
                SheetDef.data(
                        "net",
                        "",
                        ColumnDef.of("name", ColumnType.STRING),
                        ColumnDef.of("vlan", ColumnType.INTEGER).withLocked(true)),
                APPROVER);
    }

    @Test
    void lockedColumn_editorSetsOrChangesIt_refused_approverMay() {
        ValidationException set = assertThrows(
                ValidationException.class,
                () -> cmdb.register("net", RowDraft.data(Map.of("name", "a", "vlan", 10)), EDITOR));
        assertEquals("vlan", set.errors().getFirst().column());
        Row row = cmdb.register("net", RowDraft.data(Map.of("name", "a")), EDITOR);
        Row withVlan = cmdb.update("net", row.id(), 1, RowDraft.data(Map.of("name", "a", "vlan", 10)), APPROVER);
        assertThrows(
                ValidationException.class,
                () -> cmdb.update(
                        "net", row.id(), withVlan.version(), RowDraft.data(Map.of("name", "a", "vlan", 20)), EDITOR));
        Row renamed = cmdb.update(
                "net", row.id(), withVlan.version(), RowDraft.data(Map.of("name", "b", "vlan", 10)), EDITOR);
        assertEquals("b", renamed.value("name"), "the column that is not locked stays the editor's");
        assertThrows(ValidationException.class, () -> cmdb.discard("net", row.id(), renamed.version(), EDITOR));
        assertEquals(10L, cmdb.get("net", row.id()).orElseThrow().value("vlan"));
    }

    @Test
    void lockedSheet_editorRegisters_refused_andOnlyAnApproverMayLockOrUnlock() {
        SheetDef net = cmdb.sheet("net").orElseThrow();
        DefinitionException lock =
                assertThrows(DefinitionException.class, () -> cmdb.putSheet(net.withLocked(true), EDITOR));
        assertTrue(lock.getMessage().contains("needs the cmdb-approver role"), lock.getMessage());
        assertThrows(
                DefinitionException.class,
                () -> cmdb.putSheet(
                        net.withColumns(java.util.List.of(net.columns().getFirst())), EDITOR),
                "removing the locked column");
        cmdb.putSheet(net.withLocked(true), APPROVER);
        ValidationException refused = assertThrows(
                ValidationException.class, () -> cmdb.register("net", RowDraft.data(Map.of("name", "c")), EDITOR));
        assertTrue(refused.errors().getFirst().message().contains("sheet net is locked"), refused.getMessage());
        assertEquals(0, cmdb.list("net", dev.tejun.cmdb.model.RowQuery.all()).size());
        assertTrue(cmdb.check(
                        java.util.List.of(new dev.tejun.cmdb.model.RowOp.Register(
                                "net", null, RowDraft.data(Map.of("name", "c")))),
                        APPROVER)
                .isEmpty());
    }
}

package dev.tejun.cmdb.store;

import static dev.tejun.cmdb.testing.Fixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tejun.cmdb.model.ChangeAction;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.testing.FakeClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Undo in the grid: a row goes back to an earlier version through the journal, secrets included. */
class RevertTest {

    @TempDir
    Path home;

    final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T09:00:00Z"));

    @AutoClose
    CmdbStore cmdb;

    Row first;

    @BeforeEach
    void open() {
        cmdb = new CmdbStore(TestDatabases.settings(home), clock);
        cmdb.putSheet(
                SheetDef.data(
                        "keys", "", ColumnDef.of("name", ColumnType.STRING), ColumnDef.of("key", ColumnType.SECRET)),
                ALICE);
        first = cmdb.register("keys", RowDraft.data(Map.of("name", "a", "key", "old-key")), ALICE);
    }

    @Test
    void revert_afterSecretAndValueChanged_bringsBothBackAsNewVersion() {
        Row changed =
                cmdb.update("keys", first.id(), 1, RowDraft.data(Map.of("name", "b", "key", "new\nkey\n")), ALICE);
        Row back = cmdb.revert("keys", first.id(), changed.version(), 1, ALICE);
        assertEquals(3, back.version());
        assertEquals("a", back.value("name"));
        assertEquals(
                "old-key", cmdb.revealSecret("keys", first.id(), "key", null).orElseThrow());
        assertEquals(
                ChangeAction.UPDATE, cmdb.history("keys", first.id()).getLast().action());
    }

    @Test
    void revert_rowChangedSince_refusedAndNothingLost() {
        cmdb.update("keys", first.id(), 1, RowDraft.data(Map.of("name", "b")), ALICE);
        cmdb.update("keys", first.id(), 2, RowDraft.data(Map.of("name", "c")), ALICE);
        assertThrows(StaleVersionException.class, () -> cmdb.revert("keys", first.id(), 2, 1, ALICE));
        assertEquals("c", cmdb.get("keys", first.id()).orElseThrow().value("name"));
        assertThrows(NotFoundException.class, () -> cmdb.revert("keys", first.id(), 3, 9, ALICE));
    }
}

package dev.tejun.cmdb.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.DefinitionException;
import dev.tejun.cmdb.model.SheetDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Locked parameters: a value of a locked column (or of any column of a locked sheet) that a change would set, alter
 * or take away is refused unless the actor is a {@code cmdb-approver}. Checked in the store's one write path, so
 * REST, the grid, Excel import and anything else that writes meet the same refusal.
 */
final class Locks {

    static final String NEEDS = "needs the cmdb-approver role";

    private Locks() {}

    /**
     * @param before the stored values (empty for a register or a restore's "before", as nothing was in force)
     * @param after  the values after the change (empty for a discard)
     * @param keyMoved whether the row's host or operation changes
     */
    static List<CellError> refusals(
            SheetDef sheet, String rowRef, ObjectNode before, ObjectNode after, boolean keyMoved, Actor actor) {
        List<CellError> out = new ArrayList<>();
        if (actor.approver()) {
            return out;
        }
        if (sheet.locked() && keyMoved) {
            out.add(new CellError(
                    sheet.name(),
                    rowRef,
                    "host",
                    "sheet " + sheet.name() + " is locked: registering, moving, discarding or restoring a row "
                            + NEEDS));
        }
        for (ColumnDef column : sheet.columns()) {
            if (sheet.locks(column) && !same(before.get(column.name()), after.get(column.name()))) {
                out.add(new CellError(
                        sheet.name(),
                        rowRef,
                        column.name(),
                        (column.locked() ? "column " : "sheet " + sheet.name() + " is locked, so column ")
                                + column.name() + " is locked: changing it " + NEEDS));
            }
        }
        return out;
    }

    /**
     * A lock is set or lifted (on the sheet or a column, a locked column removed) only by a {@code cmdb-approver}:
     * otherwise an editor would lift the lock and then change the value.
     *
     * @param before the stored definition, or null for a new sheet
     * @throws DefinitionException naming the lock
     */
    static void checkDefinition(SheetDef before, SheetDef after, Actor actor) {
        if (actor.approver()) {
            return;
        }
        boolean sheetLocked = before != null && before.locked();
        if (sheetLocked != after.locked()) {
            throw new DefinitionException("locked", "locking or unlocking sheet " + after.name() + " " + NEEDS);
        }
        java.util.Set<String> lockedBefore = new java.util.TreeSet<>();
        if (before != null) {
            before.columns().stream().filter(ColumnDef::locked).forEach(c -> lockedBefore.add(c.name()));
        }
        java.util.Set<String> lockedAfter = new java.util.TreeSet<>();
        after.columns().stream().filter(ColumnDef::locked).forEach(c -> lockedAfter.add(c.name()));
        if (!lockedBefore.equals(lockedAfter)) {
            throw new DefinitionException(
                    "columns",
                    "locking, unlocking or removing a locked column of sheet " + after.name() + " " + NEEDS
                            + " (locked now: " + lockedBefore + ")");
        }
    }

    private static boolean same(JsonNode a, JsonNode b) {
        return Objects.equals(a == null ? NullNode.instance : a, b == null ? NullNode.instance : b);
    }
}

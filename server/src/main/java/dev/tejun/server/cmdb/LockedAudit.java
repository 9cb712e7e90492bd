package dev.tejun.server.cmdb;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.server.Json;
import dev.tejun.server.auth.RequestAudit;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A change to locked values (only a cmdb-approver gets one through) is audited as such: the request's audit entry
 * says which locked columns of which row changed, beside the journal entry that names who changed them.
 */
final class LockedAudit {

    private LockedAudit() {}

    /**
     * @param before the row before the change, null for a register
     * @param after  the row after it
     */
    static void note(Context ctx, SheetDef sheet, Row before, Row after) {
        List<String> changed = new ArrayList<>();
        for (ColumnDef column : sheet.columns()) {
            Object was = before == null || before.discarded() ? null : before.value(column.name());
            Object now = after.discarded() ? null : after.value(column.name());
            if (sheet.locks(column) && !Objects.equals(was, now)) {
                changed.add(column.name());
            }
        }
        if (!changed.isEmpty()) {
            ctx.attribute(
                    RequestAudit.DETAIL,
                    Json.object(
                            "lockedChange", sheet.name() + " id=" + after.id() + ": " + String.join(", ", changed)));
        }
    }
}

package dev.tejun.kernel.exec.cmdb;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.ValidationException;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.remote.CellSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code cmdb} cell's {@code into=SHEET}: its result table as actual state, the third input of a collector (besides
 * Ansible facts and a command's parsed output). The table has a {@code host} column and otherwise only columns of the
 * observed sheet; each row is one host's observation, stored through the journal with the run as its source, all
 * rows or none, never into an expected sheet.
 */
final class TableInto {

    static final String HOST = "host";

    private final CmdbStore cmdb;
    private final SheetDef sheet;

    private TableInto(CmdbStore cmdb, SheetDef sheet) {
        this.cmdb = cmdb;
        this.sheet = sheet;
    }

    /** @return null without {@code into=} */
    static TableInto of(CmdbStore cmdb, CellSettings s) throws CellSettings.Refused {
        String into = s.text("into").orElse(null);
        if (into == null) {
            return null;
        }
        SheetDef def = cmdb.sheet(into).orElse(null);
        if (def == null || !def.observed()) {
            throw new CellSettings.Refused(
                    "into=" + into + (def == null ? " is not a CMDB sheet" : " is not an observed sheet")
                            + ": collectors write actual state only into a sheet that observes an expected one");
        }
        return new TableInto(cmdb, def);
    }

    /** Stores {@code table}; the cell's outcome: ok with what changed, or failed naming why nothing was written. */
    CellOutcome store(ResultTable table, CellRequest request, Output output) {
        String into = sheet.name();
        int host = table.columns().indexOf(HOST);
        if (host < 0) {
            return refused("the result needs a '" + HOST + "' column naming each row's host");
        }
        List<String> unknown = new ArrayList<>();
        for (String column : table.columns()) {
            if (!column.equals(HOST) && sheet.column(column).isEmpty()) {
                unknown.add(column);
            }
        }
        if (!unknown.isEmpty()) {
            return refused("column(s) " + String.join(", ", unknown) + " are not columns of " + into + " (it has "
                    + String.join(
                            ", ", sheet.columns().stream().map(ColumnDef::name).toList()) + ")");
        }
        if (table.truncated()) {
            return refused("the result was cut at the limit, so it is not every host's state");
        }
        Map<String, Map<String, Object>> byHost = new TreeMap<>();
        for (List<Object> row : table.rows()) {
            Object name = row.get(host);
            if (name == null || name.toString().isBlank()) {
                return refused("a row has no host");
            }
            Map<String, Object> values = new HashMap<>();
            for (int i = 0; i < row.size(); i++) {
                if (i != host) {
                    values.put(
                            table.columns().get(i),
                            row.get(i) == null ? null : row.get(i).toString());
                }
            }
            if (byHost.put(name.toString(), values) != null) {
                return refused("host " + name + " has more than one row");
            }
        }
        Actor actor = new Actor(request.user() == null ? "runbook" : request.user(), Channel.RUNBOOK);
        int changed;
        try {
            changed = cmdb.recordObserved(into, byHost, request.runId(), actor);
        } catch (ValidationException e) {
            return refused("the sheet refused what was collected: " + e.getMessage());
        }
        String summary = "collected " + byHost.size() + " host(s) into " + into + ", " + changed + " changed";
        output.stdout(summary + "\n");
        return CellOutcome.ok(0, summary);
    }

    private CellOutcome refused(String why) {
        return CellOutcome.failed(null, "into=" + sheet.name() + ": " + why + "; nothing was written");
    }
}

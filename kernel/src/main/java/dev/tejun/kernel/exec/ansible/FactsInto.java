package dev.tejun.kernel.exec.ansible;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.ValidationException;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.remote.CellSettings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An {@code ansible} cell's {@code into=SHEET}: the facts its play gathered ({@code gather_facts} or the
 * {@code setup} module), one per column of the observed sheet ({@code kernel} reads {@code ansible_kernel}), stored
 * as each host's actual state through the journal, as a {@code collect} cell stores its parsed output: every host
 * that ran or none, only when the play succeeded, never into an expected sheet.
 */
final class FactsInto {

    private final CmdbStore cmdb;
    private final String sheet;
    private final List<String> columns;

    private FactsInto(CmdbStore cmdb, String sheet, List<String> columns) {
        this.cmdb = cmdb;
        this.sheet = sheet;
        this.columns = columns;
    }

    /** @return null without {@code into=} */
    static FactsInto of(CmdbStore cmdb, CellSettings s) throws CellSettings.Refused {
        String into = s.text("into").orElse(null);
        if (into == null) {
            return null;
        }
        SheetDef def = cmdb == null ? null : cmdb.sheet(into).orElse(null);
        if (def == null || !def.observed()) {
            throw new CellSettings.Refused(
                    "into=" + into + (def == null ? " is not a CMDB sheet" : " is not an observed" + " sheet")
                            + ": collectors write actual state only into a sheet that observes an expected one");
        }
        return new FactsInto(
                cmdb, into, def.columns().stream().map(ColumnDef::name).toList());
    }

    /** For the plugin ({@link EventTail#FACTS_VARIABLE}): the facts to report. */
    String names() {
        return String.join(",", columns);
    }

    /** {@code ran} as it was when the play failed; else the outcome of storing what the hosts reported. */
    CellOutcome store(CellOutcome ran, EventTail tail, CellRequest request, Output output) {
        if (ran.status() != CellStatus.OK) {
            return ran.adding("; nothing was collected");
        }
        Map<String, Map<String, Object>> facts = tail.facts();
        List<String> without = new ArrayList<>();
        if (tail.stats() != null) {
            Iterator<String> hosts = tail.stats().fieldNames();
            hosts.forEachRemaining(h -> {
                if (!facts.containsKey(h)) {
                    without.add(h);
                }
            });
        }
        if (facts.isEmpty() || !without.isEmpty()) {
            return CellOutcome.failed(
                    null,
                    "no facts " + columns + " from " + (without.isEmpty() ? "any host" : String.join(", ", without))
                            + " (does the play gather facts?): nothing was written to " + sheet);
        }
        Actor actor = new Actor(request.user() == null ? "runbook" : request.user(), Channel.RUNBOOK);
        int changed;
        try {
            changed = cmdb.recordObserved(sheet, facts, request.runId(), actor);
        } catch (ValidationException | IllegalArgumentException e) {
            return CellOutcome.failed(
                    null, "the sheet refused the facts gathered, nothing was written: " + e.getMessage());
        }
        String summary =
                "collected the facts of " + facts.size() + " host(s) into " + sheet + ", " + changed + " changed";
        output.stdout(summary + "\n");
        return CellOutcome.ok(0, summary);
    }
}

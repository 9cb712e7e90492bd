package dev.tejun.kernel.exec.dialog;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.ValidationException;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.remote.CellSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A dialog as a collector ({@code into=SHEET}): each host's captures become its row of an observed sheet, in one
 * change through the journal with the run as its source, as {@code collect} cells write. Every capture must name a
 * column of the sheet, checked before any host is contacted.
 */
final class Collector {

    /** The start of what {@link #store} answers when the sheet refused the values. */
    static final String REFUSED = "refused: ";

    private final CmdbStore cmdb;
    private final String sheet;

    private Collector(CmdbStore cmdb, String sheet) {
        this.cmdb = cmdb;
        this.sheet = sheet;
    }

    /** Null when {@code into} is null. */
    static Collector read(CmdbStore cmdb, String into, DialogScript script) throws CellSettings.Refused {
        if (into == null) {
            return null;
        }
        SheetDef def = cmdb.sheet(into).orElse(null);
        if (def == null || !def.observed()) {
            throw new CellSettings.Refused(
                    "into=" + into + (def == null ? " is not a CMDB sheet" : " is not an observed sheet")
                            + ": collectors write actual state only into a sheet that observes an expected one");
        }
        Set<String> columns = def.columns().stream().map(ColumnDef::name).collect(Collectors.toSet());
        List<String> unknown = script.steps().stream()
                .map(DialogScript.Step::capture)
                .filter(c -> c != null && !columns.contains(c))
                .toList();
        if (!unknown.isEmpty()) {
            throw new CellSettings.Refused("capture " + String.join(", ", unknown) + " is no column of " + into
                    + " (columns: " + String.join(", ", new java.util.TreeSet<>(columns)) + ")");
        }
        return new Collector(cmdb, into);
    }

    /** Stores every host's captures; a summary, or {@link #REFUSED} and why, with nothing written. */
    String store(CellRequest request, List<Conversation.Result> results) {
        Map<String, Map<String, Object>> byHost = new TreeMap<>();
        for (Conversation.Result r : results) {
            byHost.put(r.host(), new LinkedHashMap<>(r.captures()));
        }
        Actor actor = new Actor(request.user() == null ? "runbook" : request.user(), Channel.RUNBOOK);
        try {
            int changed = cmdb.recordObserved(sheet, byHost, request.runId(), actor);
            return "collected " + byHost.size() + " host(s) into " + sheet + ", " + changed + " changed";
        } catch (ValidationException e) {
            return REFUSED + "the sheet refused what was collected, nothing was written: " + e.getMessage();
        }
    }
}

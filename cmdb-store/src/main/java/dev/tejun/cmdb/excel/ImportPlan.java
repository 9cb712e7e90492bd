package dev.tejun.cmdb.excel;

import dev.tejun.cmdb.model.CellError;
import dev.tejun.cmdb.model.RowOp;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The preview of an upload: per worksheet row what would happen, and every refused cell. A plan with any error
 * applies nothing; {@link ExcelImporter#apply} refuses it.
 *
 * @param rows   one entry per data row read, in file order
 * @param errors every problem: bad file, bad header, bad cell, stale version, duplicate; empty means applicable
 * @param warnings what was left out without refusing the upload: worksheets that are no CMDB sheet beside ones
 *                 that are (an Exastro-style workbook's list and note sheets)
 */
public record ImportPlan(List<PlannedRow> rows, List<CellError> errors, List<String> warnings) {

    public ImportPlan {
        rows = List.copyOf(rows);
        errors = List.copyOf(errors);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public ImportPlan(List<PlannedRow> rows, List<CellError> errors) {
        this(rows, errors, List.of());
    }

    static ImportPlan refused(CellError error) {
        return new ImportPlan(List.of(), List.of(error));
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** The changes to apply, in file order. */
    public List<RowOp> ops() {
        return rows.stream().map(PlannedRow::op).filter(Objects::nonNull).toList();
    }

    /** How many rows each action affects, for a summary line. */
    public Map<PlannedRow.Action, Integer> counts() {
        Map<PlannedRow.Action, Integer> out = new EnumMap<>(PlannedRow.Action.class);
        for (PlannedRow.Action action : PlannedRow.Action.values()) {
            out.put(action, 0);
        }
        rows.forEach(r -> out.merge(r.action(), 1, Integer::sum));
        return out;
    }
}

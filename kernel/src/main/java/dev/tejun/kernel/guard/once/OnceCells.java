package dev.tejun.kernel.guard.once;

import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.session.CellState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Decides whether a request may run cells marked {@code once=true} again. */
public final class OnceCells {

    public static final String ATTRIBUTE = "once";

    private OnceCells() {}

    /**
     * Why running {@code cellIds} (every code cell when empty) may not go ahead: a {@code once=true} cell among them
     * already succeeded in this session and {@code confirmRun} does not name that run. Empty when it may.
     */
    public static Optional<String> refusal(
            Runbook runbook, Map<String, CellState> states, List<String> cellIds, String confirmRun) {
        List<CodeCell> cells = cellIds == null || cellIds.isEmpty()
                ? runbook.codeCells()
                : cellIds.stream()
                        .map(runbook::codeCell)
                        .flatMap(Optional::stream)
                        .toList();
        for (CodeCell cell : cells) {
            if (!cell.attributes().flag(ATTRIBUTE)) {
                continue;
            }
            CellState state = states.get(cell.id());
            if (state == null || state.status() != CellStatus.OK || state.runId() == null) {
                continue;
            }
            if (!state.runId().equals(confirmRun)) {
                return Optional.of("cell " + cell.id() + " is once=true and already succeeded in run " + state.runId()
                        + " of this session; to run it again, confirm by naming that run (confirmRun: \""
                        + state.runId() + "\")");
            }
        }
        return Optional.empty();
    }
}

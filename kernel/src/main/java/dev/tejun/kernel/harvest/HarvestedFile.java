package dev.tejun.kernel.harvest;

import java.util.List;

/**
 * The variables one IaC file (or one runbook's inline {@code ansible} cell) uses.
 *
 * @param path      relative to the runbooks folder, {@code runbook.md#cell} for a cell
 * @param kind      playbook, role, template, terraform or cell
 * @param variables in name order
 * @param note      why the file could not be judged whole (e.g. {@code include_vars}), or null
 */
public record HarvestedFile(String path, String kind, List<Usage> variables, String note) {

    public HarvestedFile {
        variables = List.copyOf(variables);
    }

    /** The variables nothing defines. */
    @com.fasterxml.jackson.annotation.JsonProperty
    public List<String> undefined() {
        return note != null
                ? List.of()
                : variables.stream().filter(u -> !u.defined()).map(Usage::name).toList();
    }
}

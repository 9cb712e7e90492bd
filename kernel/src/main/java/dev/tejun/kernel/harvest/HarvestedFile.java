package dev.tejun.kernel.harvest;

import java.util.List;

/**
 * The variables one IaC file (or one runbook's inline {@code ansible} cell) uses.
 *
 * @param path      relative to the runbooks folder, {@code runbook.md#cell} for a cell
 * @param kind      playbook, role, template, terraform or cell
 * @param variables in name order
 * @param note      why the file could not be judged whole (e.g. {@code include_vars}), or null
 * @param runbooks  the runbooks whose cells run it ({@code playbook=}, or the runbook of an inline cell)
 */
public record HarvestedFile(String path, String kind, List<Usage> variables, String note, List<String> runbooks) {

    public HarvestedFile {
        variables = List.copyOf(variables);
        runbooks = List.copyOf(runbooks);
    }

    /** The variables nothing defines. */
    @com.fasterxml.jackson.annotation.JsonProperty
    public List<String> undefined() {
        return note != null
                ? List.of()
                : variables.stream().filter(u -> !u.defined()).map(Usage::name).toList();
    }

    /** This file as run by {@code names}. */
    HarvestedFile withRunbooks(java.util.Collection<String> names) {
        return new HarvestedFile(path, kind, variables, note, List.copyOf(new java.util.TreeSet<>(names)));
    }
}

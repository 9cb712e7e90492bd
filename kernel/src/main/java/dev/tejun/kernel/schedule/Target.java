package dev.tejun.kernel.schedule;

import dev.tejun.kernel.flow.def.FlowDefinition;

/** What a headless run starts: a runbook, or a flow when the name ends in {@code .flow.yaml}; relative to the runbooks folder. */
public record Target(String name) {

    public Target {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("no runbook or flow named");
        }
    }

    public boolean isFlow() {
        return name.endsWith(FlowDefinition.SUFFIX);
    }
}

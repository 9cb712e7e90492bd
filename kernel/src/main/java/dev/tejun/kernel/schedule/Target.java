package dev.tejun.kernel.schedule;

import dev.tejun.kernel.flow.def.FlowDefinition;

/**
 * What a headless run starts: a runbook, or a flow when the name ends in {@code .flow.yaml}; relative to the runbooks
 * folder.
 *
 * @param pinnedHash the {@link dev.tejun.kernel.permission.RunScope#hash} the files must still have (an activated
 *                   schedule runs only what was activated); null for no pin
 */
public record Target(String name, String pinnedHash) {

    public Target {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("no runbook or flow named");
        }
    }

    public Target(String name) {
        this(name, null);
    }

    public boolean isFlow() {
        return name.endsWith(FlowDefinition.SUFFIX);
    }
}

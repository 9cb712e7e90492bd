package dev.tejun.kernel.runbook;

import java.util.Set;

/** Fence languages that are cells. Any other fence is prose. */
public final class Languages {

    public static final Set<String> SHELL = Set.of("sh", "bash", "shell");

    /** Every language an executor exists or is reserved for; the parser turns these fences into cells. */
    public static final Set<String> EXECUTABLE = Set.of(
            "sh", "bash", "shell", "java", "ssh", "ansible", "terraform", "cmdb", "flow", "pause");

    private Languages() {
    }
}

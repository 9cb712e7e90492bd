package dev.tejun.kernel.runbook;

import java.util.Set;

/** Fence languages that are cells. Any other fence is prose. */
public final class Languages {

    /** {@code console} and {@code shell-session} are pasted terminal sessions: only their prompted commands run. */
    public static final Set<String> SHELL = Set.of("sh", "bash", "shell", "console", "shell-session");

    /** Every language an executor exists or is reserved for; the parser turns these fences into cells. */
    public static final Set<String> EXECUTABLE = Set.of(
            "sh",
            "bash",
            "shell",
            "console",
            "shell-session",
            "java",
            "ssh",
            "ansible",
            "terraform",
            "cmdb",
            "flow",
            "pause",
            "python",
            "jupyter",
            "collect",
            "dialog");

    private Languages() {}
}

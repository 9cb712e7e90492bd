package dev.tejun.kernel.exec;

import dev.tejun.kernel.exec.sandbox.CellSandbox;
import java.nio.file.Path;

/**
 * What an executor may know about the session it serves.
 *
 * @param runbook the runbook file the session runs, or null when it runs none (tests, scratch sessions); lets
 *                state that belongs to a runbook's cell, such as Terraform state, outlive sessions
 * @param sandbox how the session's cells start their processes, kept from the data folder
 */
public record SessionContext(String sessionId, Path workDir, Path dataDir, Path runbook, CellSandbox sandbox) {

    /** Cells isolated as the server's environment configures ({@link CellSandbox#configured}). */
    public SessionContext(String sessionId, Path workDir, Path dataDir, Path runbook) {
        this(sessionId, workDir, dataDir, runbook, CellSandbox.configured(dataDir));
    }

    public SessionContext(String sessionId, Path workDir, Path dataDir) {
        this(sessionId, workDir, dataDir, null);
    }
}

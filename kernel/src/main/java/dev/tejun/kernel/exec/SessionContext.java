package dev.tejun.kernel.exec;

import java.nio.file.Path;

/**
 * What an executor may know about the session it serves.
 *
 * @param runbook the runbook file the session runs, or null when it runs none (tests, scratch sessions); lets
 *                state that belongs to a runbook's cell, such as Terraform state, outlive sessions
 */
public record SessionContext(String sessionId, Path workDir, Path dataDir, Path runbook) {

    public SessionContext(String sessionId, Path workDir, Path dataDir) {
        this(sessionId, workDir, dataDir, null);
    }
}

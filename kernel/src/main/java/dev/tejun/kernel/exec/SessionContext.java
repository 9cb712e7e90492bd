package dev.tejun.kernel.exec;

import java.nio.file.Path;

/** What an executor may know about the session it serves. */
public record SessionContext(String sessionId, Path workDir, Path dataDir) {
}

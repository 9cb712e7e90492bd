package dev.tejun.kernel.exec;

import dev.tejun.kernel.runbook.Attributes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One cell to run, after substitution.
 *
 * @param timeout null when the cell has no timeout
 * @param env     extra environment variables for processes the cell starts
 */
public record CellRequest(String runId, String cellId, String language, String code, Attributes attributes,
                          Path workDir, Duration timeout, Map<String, String> env) {
}

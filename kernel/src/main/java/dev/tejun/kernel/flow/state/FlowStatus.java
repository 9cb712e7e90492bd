package dev.tejun.kernel.flow.state;

import java.util.Locale;

/**
 * Where a flow instance stands. While it is not finished, the status is derived from its nodes, so a flow waiting
 * for an approval says {@code paused} in every list (not just "running"), and one whose server died says
 * {@code interrupted} until someone resumes or stops it.
 */
public enum FlowStatus {
    RUNNING,
    PAUSED,
    INTERRUPTED,
    OK,
    WARNING,
    FAILED,
    STOPPED;

    public boolean finished() {
        return this == OK || this == WARNING || this == FAILED || this == STOPPED;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}

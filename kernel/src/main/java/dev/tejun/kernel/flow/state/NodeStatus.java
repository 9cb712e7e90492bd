package dev.tejun.kernel.flow.state;

import java.util.Locale;

/** Where one node of a flow instance stands. {@code paused} waits for an approver; {@code interrupted} for resume. */
public enum NodeStatus {
    PENDING,
    RUNNING,
    OK,
    WARNING,
    FAILED,
    STOPPED,
    SKIPPED,
    PAUSED,
    INTERRUPTED;

    /** Settled: the node will not change again, and the nodes after it have what they need from it. */
    public boolean settled() {
        return this == OK || this == WARNING || this == FAILED || this == STOPPED || this == SKIPPED;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}

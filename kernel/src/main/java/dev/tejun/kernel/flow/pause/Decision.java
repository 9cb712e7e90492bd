package dev.tejun.kernel.flow.pause;

/** What an approver decided about a pending {@link Approval}. */
public record Decision(boolean approved, String user, String comment) {}

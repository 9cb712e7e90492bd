/**
 * The {@code pause} cell: a hold point inside a runbook. The cell registers a pending {@link
 * dev.tejun.kernel.flow.pause.Approval} in the server's {@link dev.tejun.kernel.flow.pause.Approvals} and blocks
 * until an approver decides (REST, the flows page) or the cell is stopped or times out. Pause nodes of flows are
 * decided through the flow engine; both show on the same page, so an approver has one place to look.
 */
package dev.tejun.kernel.flow.pause;

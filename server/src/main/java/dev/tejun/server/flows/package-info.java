/**
 * Conductor flows over HTTP: the flow files and their graphs, flow instances (start, approve, reject, stop,
 * emergency stop, resume), the pending approvals of {@code pause} cells, and {@code /ws/flows}, which pushes every
 * flow change to the flows page. Thin: the kernel's {@link dev.tejun.kernel.flow.FlowEngine} and
 * {@link dev.tejun.kernel.flow.pause.Approvals} do the work; {@link dev.tejun.server.flows.FlowFeature} wires them.
 */
package dev.tejun.server.flows;

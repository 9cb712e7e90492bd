/**
 * The {@code flow} cell: starts a Conductor flow ({@code flow=path.flow.yaml}, params as YAML in the body) through
 * the server's {@link dev.tejun.kernel.flow.FlowEngine}, prints each node change as a line, and ends with the
 * flow's result. Stopping the cell is an emergency stop of that flow instance, so nothing it started goes on.
 */
package dev.tejun.kernel.exec.flow;

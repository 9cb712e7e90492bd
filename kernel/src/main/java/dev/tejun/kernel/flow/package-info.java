/**
 * The Conductor: job flows across runbooks. {@link dev.tejun.kernel.flow.FlowEngine} starts flow instances,
 * runs each runbook node in its own session (so evidence is recorded as usual), runs parallel paths on virtual
 * threads, holds at pause nodes until someone approves or rejects, and stops everything at once on an emergency
 * stop. Every transition is stored before it is announced to {@link dev.tejun.kernel.flow.FlowListener}s, so a
 * restarted server finds each instance where it was. {@link dev.tejun.kernel.flow.FlowCheck} is the
 * {@code tejun check} of flow files. The file format is in {@code def}, the stored state in {@code state}.
 *
 * <p>The {@code flow} cell ({@link dev.tejun.kernel.flow.FlowExecutorFactory}) lives here beside the engine it
 * starts flows on ({@code flow=path.flow.yaml}, params as YAML in the body): it prints each node change as a line and
 * ends with the flow's result, and stopping the cell is an emergency stop of that instance. The {@code pause} cell,
 * a hold point inside a runbook, is in {@code pause}.
 */
package dev.tejun.kernel.flow;

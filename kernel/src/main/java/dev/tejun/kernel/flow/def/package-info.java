/**
 * The flow file ({@code *.flow.yaml}) as a value: nodes of a sealed {@link dev.tejun.kernel.flow.def.Node}
 * interface, read by {@link dev.tejun.kernel.flow.def.FlowParser} and checked as a whole graph (and against the
 * runbooks and flows it names) by the validator, every problem naming its node. Knows nothing of running.
 */
package dev.tejun.kernel.flow.def;

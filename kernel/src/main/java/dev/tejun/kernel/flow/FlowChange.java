package dev.tejun.kernel.flow;

import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.flow.state.Transition;

/** A state change of a flow instance, as a {@link FlowListener} receives it (already persisted). */
public sealed interface FlowChange {

    String instanceId();

    /** The instance's status or result changed; carries the whole instance with its nodes. */
    record InstanceChanged(FlowInstance instance) implements FlowChange {
        public String instanceId() {
            return instance.id();
        }
    }

    /** One node changed state. */
    record NodeChanged(String instanceId, NodeState node) implements FlowChange {}

    /** A line was added to the instance's history (already stored): for the audit log and the evidence. */
    record Transitioned(Transition transition) implements FlowChange {
        public String instanceId() {
            return transition.instanceId();
        }
    }
}

/**
 * What a flow instance and each of its nodes are doing, as records, and {@link dev.tejun.kernel.flow.state.FlowStore}
 * which keeps them in the SQLite database (tables {@code flow_instance} and {@code flow_node_state}, migrations
 * in {@code db/migration/flow}).
 */
package dev.tejun.kernel.flow.state;

package dev.tejun.kernel.flow;

/**
 * Told about every flow state change after it is stored, in order per instance. Called on the engine's threads
 * while the instance is locked, so it must be quick and must not call back into the engine (the server hands
 * the change to its WebSocket broadcaster and returns).
 */
@FunctionalInterface
public interface FlowListener {

    void changed(FlowChange change);
}

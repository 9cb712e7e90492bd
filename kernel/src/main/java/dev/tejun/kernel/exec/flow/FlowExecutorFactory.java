package dev.tejun.kernel.exec.flow;

import dev.tejun.kernel.template.Quoting;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.flow.FlowEngine;

import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code flow} cells. The engine comes through a supplier because it is made after the executors: the engine's
 * sessions need this factory (a runbook node may hold a flow cell), and this factory needs the engine.
 */
public final class FlowExecutorFactory implements ExecutorFactory {

    private final Supplier<FlowEngine> engine;

    public FlowExecutorFactory(Supplier<FlowEngine> engine) {
        this.engine = engine;
    }

    @Override
    public Set<String> languages() {
        return Set.of("flow");
    }

    @Override
    public Executor create(SessionContext session) {
        return new FlowExecutor(session, engine);
    }

    @Override
    public Quoting quoting() {
        return YamlQuoting.INSTANCE;
    }
}

package dev.tejun.kernel.flow;

import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.template.Quoting;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code flow} cells. A {@link FlowEngine} adds one over itself to the services it is given
 * ({@link FlowEngine#services()}); the supplier is for {@code tejun run}, which opens an engine only when a flow cell
 * first asks for one.
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

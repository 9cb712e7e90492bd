package dev.tejun.kernel.flow.pause;

import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.template.Quoting;
import dev.tejun.kernel.template.Verbatim;
import java.util.Set;

/** {@code pause} cells, all deciding through one {@link Approvals}. */
public final class PauseExecutorFactory implements ExecutorFactory {

    private final Approvals approvals;

    public PauseExecutorFactory(Approvals approvals) {
        this.approvals = approvals;
    }

    @Override
    public Set<String> languages() {
        return Set.of("pause");
    }

    @Override
    public Executor create(SessionContext session) {
        return new PauseExecutor(session, approvals);
    }

    @Override
    public Quoting quoting() {
        // the body is a message to a person, shown as text (never as HTML) and never run: a value goes in as it is
        return Verbatim.INSTANCE;
    }
}

package dev.tejun.kernel.exec.shell;

import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.runbook.Languages;
import dev.tejun.kernel.template.Quoting;
import java.nio.file.Path;
import java.util.Set;

/**
 * Shell cells: {@code sh} runs with {@code /bin/sh}; {@code bash}, {@code shell} and the pasted sessions
 * ({@code console}, {@code shell-session}) with bash (or sh without it), see {@link Programs#shellFor}.
 */
public final class ShellExecutorFactory implements ExecutorFactory {

    private final Path runbooksDir;

    /** Cells whose {@code cwd=} stays in their runbook's own folder. */
    public ShellExecutorFactory() {
        this(null);
    }

    /** @param runbooksDir the runbooks folder a cell's {@code cwd=} may not leave ({@link CellFolder}) */
    public ShellExecutorFactory(Path runbooksDir) {
        this.runbooksDir = runbooksDir;
    }

    @Override
    public Set<String> languages() {
        return Languages.SHELL;
    }

    @Override
    public Executor create(SessionContext session) {
        return new ShellExecutor(session, Programs.find(), runbooksDir);
    }

    @Override
    public Quoting quoting() {
        return ShellQuoting.INSTANCE;
    }
}

package dev.tejun.kernel.exec.shell;

import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.runbook.Languages;
import dev.tejun.kernel.template.Quoting;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Shell cells: {@code sh} runs with {@code /bin/sh}; {@code bash}, {@code shell} and the pasted sessions
 * ({@code console}, {@code shell-session}) with bash (or sh without it), see {@link Programs#shellFor}.
 */
public final class ShellExecutorFactory implements ExecutorFactory {

    private final Path runbooksDir;
    /** Sandbox processes started when a notebook opens, for its first shell cell ({@link #prepare}). */
    private final ZygotePool ready = new ZygotePool();

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
        return new ShellExecutor(session, Programs.find(), runbooksDir, ready);
    }

    /**
     * Starts the session's sandbox process now, in the background, for its work folder and the runbook's folder as
     * a cell without {@code cwd=} sees them; its first shell cell takes it. Nothing without zygotes (no bubblewrap),
     * and nothing when the folder would be refused (the cell says why when it runs).
     */
    @Override
    public void prepare(SessionContext session) {
        if (session == null || session.workDir() == null || !session.sandbox().zygotes()) {
            return;
        }
        Path work = session.workDir().toAbsolutePath().normalize();
        List<Path> readOnly;
        try {
            readOnly = ShellExecutor.readOnly(CellFolder.of(null, work, session, runbooksDir, session.sandbox()));
        } catch (ShellCommand.Refused | RuntimeException e) {
            return;
        }
        ready.prepare(work, readOnly, () -> session.sandbox().zygote(work, readOnly));
    }

    @Override
    public void forget(SessionContext session) {
        if (session != null && session.workDir() != null) {
            ready.forget(session.workDir().toAbsolutePath().normalize());
        }
    }

    /** The server stops: the sandbox processes no session took are ended. */
    @Override
    public void close() {
        ready.close();
    }

    /** Whether a sandbox process is ready or starting for {@code session}: a figure for tests. */
    boolean holdsReady(SessionContext session) {
        return ready.holds(session.workDir().toAbsolutePath().normalize());
    }

    @Override
    public Quoting quoting() {
        return ShellQuoting.INSTANCE;
    }
}

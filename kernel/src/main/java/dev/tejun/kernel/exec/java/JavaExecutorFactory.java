package dev.tejun.kernel.exec.java;

import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.template.JavaQuoting;
import dev.tejun.kernel.template.Quoting;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Makes a {@link JavaExecutor} (one JShell with its own JVM) for each session that runs a {@code java} cell. */
public final class JavaExecutorFactory implements ExecutorFactory {

    private final List<String> vmOptions;
    private final boolean quick;
    private final AgentPool pool = new AgentPool();

    public JavaExecutorFactory() {
        this(List.of());
    }

    /** @param vmOptions extra options for each session's JShell JVM, e.g. {@code -Xmx1g} or a system property */
    public JavaExecutorFactory(List<String> vmOptions) {
        this(vmOptions, true);
    }

    /** @param quick false sends every snippet through JShell (see {@link QuickSnippets}), for tests that compare */
    JavaExecutorFactory(List<String> vmOptions, boolean quick) {
        this.vmOptions = List.copyOf(vmOptions);
        this.quick = quick;
    }

    @Override
    public Set<String> languages() {
        return Set.of("java");
    }

    @Override
    public Executor create(SessionContext session) {
        Path work = session.workDir();
        return new JavaExecutor(vmOptions, start(session), quick, () -> pool.take(work));
    }

    /** Starts the session's JShell and its JVM now, in the background; its first java cell takes them (AgentPool). */
    @Override
    public void prepare(SessionContext session) {
        AgentLauncher.Start start = start(session);
        pool.prepare(session.workDir(), () -> {
            RemoteShell shell = RemoteShell.create(vmOptions, start, quick);
            shell.warm();
            return shell;
        });
    }

    /** The session closed before a java cell took its JVM: that JVM is closed now, not when another opens. */
    @Override
    public void forget(SessionContext session) {
        pool.forget(session.workDir());
    }

    /** Closes the JVM made ready for a session that has not taken it. */
    @Override
    public void close() {
        pool.close();
    }

    /** The session's cell sandbox, its work folder as working directory and HOME. */
    static AgentLauncher.Start start(SessionContext session) {
        CellSandbox sandbox = session.sandbox();
        Path work = session.workDir();
        // one JVM serves every cell of the session, so it gets no cell's own variables, only the basics
        return command -> sandbox.builder(
                command,
                work,
                work,
                sandbox.environment(Attributes.NONE, Map.of(), work),
                List.of(),
                agentFiles(),
                false);
    }

    /**
     * What the agent JVM reads: the JDK and the agent's classes, which may lie in a folder the cell user cannot
     * pass (a server run from {@code /root/tejun}, classes from {@code ~/.m2}); the sandbox binds them in.
     */
    static List<Path> agentFiles() {
        List<Path> files = new ArrayList<>();
        files.add(Path.of(System.getProperty("java.home")));
        for (String entry : AgentLauncher.agentClassPath().split(File.pathSeparator)) {
            if (!entry.isBlank() && Files.exists(Path.of(entry))) {
                files.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        return files;
    }

    @Override
    public Quoting quoting() {
        return JavaQuoting.INSTANCE;
    }
}

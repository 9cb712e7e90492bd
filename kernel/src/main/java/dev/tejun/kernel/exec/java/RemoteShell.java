package dev.tejun.kernel.exec.java;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import jdk.jshell.JShell;
import jdk.jshell.spi.ExecutionControl;

/**
 * One JShell and the JVM it runs snippets in. Dead once that JVM exits (System.exit in a cell, a crash, a kill);
 * a dead shell is thrown away and the executor builds a new one.
 */
final class RemoteShell implements AutoCloseable {

    private final JShell jshell;
    private final AgentLauncher launcher;
    private final OutputRouter router;
    private final Map<String, SnippetOrigin> origins = new ConcurrentHashMap<>();
    private final Reruns reruns;
    private final QuickSnippets quick; // null: every snippet goes through JShell
    private volatile boolean dead;

    private RemoteShell(JShell jshell, AgentLauncher launcher, OutputRouter router, ReplClasses repl, boolean quick) {
        this.jshell = jshell;
        this.launcher = launcher;
        this.router = router;
        this.reruns = new Reruns(jshell);
        this.quick = quick ? new QuickSnippets(jshell, repl) : null;
        if (quick) {
            WarmUp.startOnce();
        }
        jshell.onShutdown(closed -> dead = true);
    }

    /**
     * Builds the JShell; its JVM starts with the first snippet that needs it.
     *
     * @param quick whether expressions and statements may be compiled outside JShell ({@link QuickSnippets})
     */
    static RemoteShell create(List<String> vmOptions, AgentLauncher.Start start, boolean quick) {
        OutputRouter router = new OutputRouter();
        ReplClasses repl = new ReplClasses();
        AgentLauncher launcher = new AgentLauncher(vmOptions, start, repl);
        JShell jshell = JShell.builder()
                .executionEngine(launcher, Map.of())
                // javac's class path defaults to the server's (~70 jars), and JShell's compiler forgets its index of
                // them after every task, so each cell re-indexed every jar: 2-3 ms of a ~12 ms warm `1+1`. The cell
                // runs in a JVM with only the agent's class path, so that is all it can compile against anyway.
                .compilerOptions("--class-path", AgentLauncher.agentClassPath())
                .out(router.stream(Stream.STDOUT))
                .err(router.stream(Stream.STDERR))
                // A cell that reads System.in gets end-of-file instead of the server's own stdin.
                .in(InputStream.nullInputStream())
                .build();
        return new RemoteShell(jshell, launcher, router, repl, quick);
    }

    JShell jshell() {
        return jshell;
    }

    /** The channel to the JVM, null until the first snippet started it. */
    AgentControl control() {
        return launcher.control();
    }

    /**
     * Compiles and runs a throw-away expression the way a new cell's is, so that the session's first cell finds its
     * compiler context made and the agent JVM's code for loading and running a class already run once; for a shell
     * made ready ahead of its session ({@link AgentPool}). Nothing when it cannot (no quick compiles, no JVM).
     */
    void warm() {
        AgentControl running = control();
        QuickSnippets.Compiled compiled = quick == null || running == null ? null : quick.compile("0");
        if (compiled == null) {
            return;
        }
        try {
            running.loadAndRun(compiled.classes(), compiled.className());
        } catch (ExecutionControl.ExecutionControlException e) {
            // the first cell will meet whatever this was, and report it
        }
    }

    /** The compiler of snippets that need not go through JShell; null when this shell sends everything there. */
    QuickSnippets quick() {
        return quick;
    }

    /** Snippets kept for running again; used by one cell at a time. */
    Reruns reruns() {
        return reruns;
    }

    boolean alive() {
        if (dead) {
            return false;
        }
        AgentControl control = launcher.control();
        return control == null || control.process().isAlive();
    }

    /**
     * The exit code of the remote JVM once it has ended, waiting a moment for the process to be reaped
     * (JShell learns of the death from the closed socket, a little before the OS reports the exit);
     * null if it never started or is still running.
     */
    Integer awaitExitCode() {
        AgentControl control = launcher.control();
        if (control == null) {
            return null;
        }
        try {
            return control.process().waitFor(5, TimeUnit.SECONDS)
                    ? control.process().exitValue()
                    : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    void attach(Output output) {
        router.attach(output);
    }

    /** Stops routing to {@code output}; a no-op when another cell's output has taken its place. */
    void detach(Output output) {
        router.detach(output);
    }

    /** Interrupts the snippet that is running, if any, leaving the JVM and its definitions alone. */
    void stop() {
        try {
            jshell.stop();
        } catch (RuntimeException e) {
            // the JVM is gone or JShell is closed: nothing left to stop
        }
    }

    /** Ends the remote JVM at once, without asking it; for code that ignores {@link #stop()}. */
    void kill() {
        dead = true;
        launcher.abort();
    }

    /**
     * Kills the JVM first and closes JShell after: a graceful close would queue behind a cell that is still
     * running, and nothing in the scratch JVM is worth waiting for.
     */
    @Override
    public void close() {
        kill();
        if (quick != null) {
            quick.close();
        }
        try {
            jshell.close();
        } catch (RuntimeException e) {
            // JShell may complain that its engine is already gone; that is the point
        }
        AgentControl control = launcher.control();
        if (control != null) {
            try {
                control.process().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    Map<String, SnippetOrigin> origins() {
        return origins;
    }
}

package dev.tejun.kernel.exec.java;

import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs {@code java} cells of one session in one JShell, so definitions carry from cell to cell. The JShell and
 * its JVM start with the first cell; when that JVM dies (a cell called {@code System.exit}), the next cell
 * starts a fresh one and says so.
 * <p>
 * Each cell is evaluated on a worker thread while the caller waits, so an interrupt or a timeout can be turned
 * into a JDI stop of the remote code; the caller returns promptly even if the remote code ignores the stop.
 */
public final class JavaExecutor implements Executor {

    /** How long a stopped cell may take to unwind before its JVM is killed instead. */
    private static final Duration STOP_GRACE = Duration.ofMillis(600);

    private final List<String> vmOptions;
    private final AgentLauncher.Start start;
    private final boolean quick;
    private final Supplier<RemoteShell> ready;
    // A thread per cell, kept between cells: starting a platform thread for each was ~1 ms of a rerun's ~5.
    private final ExecutorService cellThreads = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("java-cell-", 0).factory());
    private final Object shellLock = new Object();
    private volatile RemoteShell shell; // replaced under shellLock
    private volatile boolean closed;

    /**
     * @param start how the JShell's JVM is started: in the session's cell sandbox, its work folder as working
     *              directory and HOME
     * @param quick whether expressions and statements are compiled outside JShell when they can be
     *              ({@link QuickSnippets}); false sends every snippet through JShell, for comparing the two
     * @param ready gives a JShell made ready for this session ({@link AgentPool}), or null: the executor makes one
     */
    JavaExecutor(List<String> vmOptions, AgentLauncher.Start start, boolean quick, Supplier<RemoteShell> ready) {
        this.vmOptions = List.copyOf(vmOptions);
        this.start = start;
        this.quick = quick;
        this.ready = ready;
    }

    /** One cell in flight; {@code cancelled} tells its worker to give up between snippets. */
    private static final class Run {
        final CellRequest request;
        final Output output;
        volatile boolean cancelled;

        Run(CellRequest request, Output output) {
            this.request = request;
            this.output = output;
        }
    }

    @Override
    public synchronized CellOutcome execute(CellRequest request, Output output) {
        if (closed) {
            return CellOutcome.failed(null, "the Java executor is closed");
        }
        if (Thread.interrupted()) {
            return CellOutcome.stopped();
        }
        Run run = new Run(request, output);
        FutureTask<CellOutcome> task = new FutureTask<>(() -> runCell(run));
        cellThreads.execute(task);
        Duration timeout = request.timeout();
        try {
            return timeout == null ? task.get() : task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // The interrupt was the session's way of saying "stop"; the STOPPED outcome reports it, and the
            // flag is not set again because the caller goes on to record the outcome (interruptible I/O).
            abandon(run, task);
            return CellOutcome.stopped();
        } catch (TimeoutException e) {
            abandon(run, task);
            return CellOutcome.timedOut(timeout);
        } catch (ExecutionException e) {
            output.stderr("internal error in the Java executor: " + e.getCause() + "\n");
            return CellOutcome.failed(null, "internal error in the Java executor: " + e.getCause());
        }
    }

    private CellOutcome runCell(Run run) {
        WarmUp.cellStarted();
        try {
            return runIn(shellFor(run.output), run);
        } finally {
            WarmUp.cellEnded();
        }
    }

    private CellOutcome runIn(RemoteShell current, Run run) {
        current.attach(run.output);
        try {
            CellOutcome outcome = new CellRunner(
                            current, run.request.cellId(), run.request.code(), run.output, () -> run.cancelled)
                    .run();
            if (run.cancelled) {
                return outcome;
            }
            // JShell may learn that its JVM died (System.exit) a moment before the socket's close is noticed.
            boolean lostJvm = outcome != null
                    && outcome.message() != null
                    && outcome.message().startsWith(CellRunner.NOT_RUNNING);
            if (!current.alive() || lostJvm) {
                Integer exit = current.awaitExitCode();
                String why = "the Java VM exited" + (exit == null ? "" : " with code " + exit);
                run.output.stderr(why + "; definitions are lost and the next cell starts a fresh JShell\n");
                return CellOutcome.failed(exit, why);
            }
            return outcome;
        } finally {
            current.detach(run.output);
        }
    }

    private RemoteShell shellFor(Output output) {
        synchronized (shellLock) {
            if (closed) {
                throw new IllegalStateException("the Java executor is closed");
            }
            RemoteShell current = shell;
            if (current != null && !current.alive()) {
                current.close();
                current = null;
                output.stderr(
                        "[starting a fresh JShell: the previous Java VM ended, " + "earlier definitions are gone]\n");
            }
            if (current == null) {
                RemoteShell made = ready.get();
                current = made != null ? made : RemoteShell.create(vmOptions, start, quick);
                shell = current;
            }
            return current;
        }
    }

    /** Stops the cell's remote code through JDI; kills the JVM if the code does not give way in time. */
    private void abandon(Run run, FutureTask<CellOutcome> task) {
        run.cancelled = true;
        RemoteShell current = shell;
        if (current == null) {
            return;
        }
        current.detach(run.output);
        current.stop();
        if (!finishes(task, STOP_GRACE)) {
            current.kill();
            run.output.stderr(
                    "[the cell did not stop; its Java VM was killed " + "and the next cell starts a fresh JShell]\n");
        }
    }

    private static boolean finishes(FutureTask<?> task, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return true;
            } catch (InterruptedException e) {
                // a second Stop press while we are already stopping: keep waiting out the grace period
            } catch (ExecutionException e) {
                return true;
            } catch (TimeoutException e) {
                return false;
            }
        }
    }

    /** How many snippets of the current JShell ran again from their compiled class (see {@link Reruns}). */
    long rerunsServed() {
        RemoteShell current = shell;
        return current == null ? 0 : current.reruns().served();
    }

    /** How many snippets the current JShell holds, dropped ones included: a figure for tests. */
    long jshellSnippets() {
        RemoteShell current = shell;
        return current == null ? 0 : current.jshell().snippets().count();
    }

    /** How many snippets of the current JShell were compiled outside JShell ({@link QuickSnippets}). */
    int quickCompiled() {
        RemoteShell current = shell;
        return current == null || current.quick() == null ? 0 : current.quick().compiled();
    }

    /** Closes the JShell and makes sure its JVM process is gone. */
    @Override
    public void close() {
        RemoteShell current;
        synchronized (shellLock) {
            closed = true;
            current = shell;
            shell = null;
        }
        if (current != null) {
            current.close();
        }
        cellThreads.shutdown();
    }
}

package dev.tejun.kernel.exec.jupyter;

import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.Restartable;
import dev.tejun.kernel.exec.sandbox.CellSandbox;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs the cells of one session in Jupyter kernels, one kernel per kernel name, started with the first cell that
 * needs it, so variables carry from cell to cell. A kernel that dies (killed from outside, {@code os._exit}) is
 * reported on the cell that was running; the next cell starts a fresh one and says so.
 *
 * <p>Every socket operation happens on the executor's one I/O thread (ZeroMQ sockets belong to a thread, and an
 * interrupted thread would close JeroMQ's channels); the session's thread waits, and its interrupt or the cell's
 * timeout becomes an {@code interrupt_request} on the control channel, then a kill if the kernel does not give way.
 */
final class JupyterExecutor implements Executor, Restartable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long a stopped cell may take to end its KeyboardInterrupt before the kernel is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final KernelChoice choice;
    private final CellSandbox sandbox;
    private final Path work;
    private final ExecutorService io = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("jupyter-io-", 0).factory());
    private final Map<String, RunningKernel> kernels = new LinkedHashMap<>(); // touched on the io thread only
    private final Set<String> lost = new HashSet<>(); // io thread only
    private volatile boolean closed;
    /** Where each kernel start's five ports come from (free ones, as Jupyter's own client picks them). */
    private final PortSource ports;

    /** The ports of a kernel's start. */
    @FunctionalInterface
    interface PortSource {
        Ports next() throws IOException;
    }

    JupyterExecutor(KernelChoice choice, CellSandbox sandbox, Path work) {
        this(choice, sandbox, work, Ports::free);
    }

    JupyterExecutor(KernelChoice choice, CellSandbox sandbox, Path work, PortSource ports) {
        this.choice = choice;
        this.sandbox = sandbox;
        this.work = work;
        this.ports = ports;
    }

    /** One cell in flight; {@code stop} is set by the waiting thread, read by the io thread. */
    private static final class Run {
        volatile boolean stop;
    }

    @Override
    public synchronized CellOutcome execute(CellRequest request, Output output) {
        if (closed) {
            return CellOutcome.failed(null, "the Jupyter executor is closed");
        }
        if (Thread.interrupted()) {
            return CellOutcome.stopped();
        }
        KernelSpec spec;
        try {
            spec = choice.spec(request);
        } catch (IllegalArgumentException e) {
            return CellOutcome.failed(null, e.getMessage());
        }
        Run run = new Run();
        Future<CellOutcome> task = io.submit(() -> runCell(spec, request.code(), output, run));
        Duration timeout = request.timeout();
        try {
            return timeout == null ? task.get() : task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            run.stop = true;
            awaitStopped(task);
            return CellOutcome.stopped();
        } catch (TimeoutException e) {
            run.stop = true;
            awaitStopped(task);
            return CellOutcome.timedOut(timeout);
        } catch (ExecutionException e) {
            output.stderr("internal error in the Jupyter executor: " + e.getCause() + "\n");
            return CellOutcome.failed(null, "internal error in the Jupyter executor: " + e.getCause());
        }
    }

    /** Waits out the interrupt and, if it comes to that, the kill; a second stop press does not cut this short. */
    private static void awaitStopped(Future<CellOutcome> task) {
        long deadline = System.nanoTime() + STOP_GRACE.plusSeconds(5).toNanos();
        while (true) {
            try {
                task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return;
            } catch (InterruptedException e) {
                // keep waiting: the io thread is already stopping the cell
            } catch (ExecutionException | TimeoutException e) {
                return;
            }
        }
    }

    /** On the io thread. */
    private CellOutcome runCell(KernelSpec spec, String code, Output output, Run run) {
        RunningKernel kernel;
        try {
            kernel = kernelFor(spec, output, () -> run.stop);
        } catch (IOException e) {
            output.stderr(e.getMessage() + "\n");
            return run.stop ? CellOutcome.stopped() : CellOutcome.failed(null, e.getMessage());
        }
        CellExecution.Result result = new CellExecution(kernel, STOP_GRACE).run(code, output, () -> run.stop);
        return switch (result.end()) {
            case OK -> CellOutcome.ok(null, result.value());
            case ERROR -> CellOutcome.failed(null, result.error());
            case INTERRUPTED -> CellOutcome.stopped();
            case KILLED -> {
                forget(spec.name());
                output.stderr("[the cell did not stop; kernel " + spec.name()
                        + " was killed and the next cell starts a fresh one]\n");
                yield CellOutcome.stopped();
            }
            case DIED -> {
                forget(spec.name());
                String why = "kernel " + spec.name() + " died"
                        + (result.exitCode() == null ? "" : " (exit code " + result.exitCode() + ")");
                output.stderr(why + "; its variables are lost and the next cell starts a fresh kernel\n");
                yield CellOutcome.failed(result.exitCode(), why);
            }
        };
    }

    private RunningKernel kernelFor(KernelSpec spec, Output output, RunningKernel.Stop stop) throws IOException {
        if (closed) {
            throw new IOException("the Jupyter executor is closed");
        }
        RunningKernel kernel = kernels.get(spec.name());
        if (kernel != null && !kernel.alive()) {
            forget(spec.name());
            kernel = null;
        }
        if (kernel == null) {
            if (lost.remove(spec.name())) {
                output.stderr("[starting a fresh kernel " + spec.name()
                        + ": the previous one ended, earlier variables are gone]\n");
            }
            try {
                kernel = RunningKernel.start(spec, sandbox, work, START_TIMEOUT, stop, ports.next());
            } catch (RunningKernel.PortTaken e) {
                // another process bound one of its ports between their pick and the kernel's bind (ports are
                // found free the way Jupyter's client finds them): once more, on other ports
                kernel = RunningKernel.start(spec, sandbox, work, START_TIMEOUT, stop, ports.next());
            }
            kernels.put(spec.name(), kernel);
        }
        return kernel;
    }

    private void forget(String name) {
        RunningKernel gone = kernels.remove(name);
        if (gone != null) {
            gone.kill();
        }
        lost.add(name);
    }

    /** Shuts down the kernel {@code cell} runs in (only that one); the next such cell starts a fresh one. */
    @Override
    public boolean restart(CellRequest cell) {
        return restart(choice.spec(cell).name());
    }

    /** Shuts the kernel of this name down and starts a fresh one with the next cell (the UI's "restart"). */
    boolean restart(String name) {
        return Boolean.TRUE.equals(call(() -> {
            RunningKernel k = kernels.remove(name);
            if (k != null) {
                k.shutdown(Duration.ofSeconds(1));
            }
            return k != null;
        }));
    }

    /** The running kernel's process, for tests that kill it from outside. */
    ProcessHandle processOf(String name) {
        return call(() -> {
            RunningKernel k = kernels.get(name);
            return k == null ? null : k.handle();
        });
    }

    private <T> T call(Supplier<T> onIo) {
        try {
            return io.submit(onIo::get).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** Shuts every kernel down (a second to go by itself, then killed). */
    @Override
    public void close() {
        closed = true;
        call(() -> {
            kernels.values().forEach(k -> k.shutdown(Duration.ofSeconds(1)));
            kernels.clear();
            return null;
        });
        io.shutdown();
    }
}

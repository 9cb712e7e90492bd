package dev.tejun.kernel.exec.sandbox;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts every sandboxed process from one thread that lives as long as the server. Under bubblewrap a cell's process
 * runs with {@code --die-with-parent}, whose "parent" is the thread that started it, not the server's process: started
 * from a virtual thread, the process was killed (exit 137) about 30 s after that thread's carrier went idle and
 * retired — a long shell cell, a session's zygote with every cell in it, an agent JVM with the session's definitions.
 */
final class Spawner {

    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("tejun-cell-spawner").factory());

    private Spawner() {}

    /** {@code builder.start()} on the spawner's thread; an interrupt while it starts does not leave it unowned. */
    static Process start(ProcessBuilder builder) throws IOException {
        Future<Process> started = THREAD.submit(builder::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return started.get(); // a start takes milliseconds
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException(
                            "could not start " + builder.command().getFirst(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

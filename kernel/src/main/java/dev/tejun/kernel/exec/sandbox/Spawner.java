package dev.tejun.kernel.exec.sandbox;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts every sandboxed process from a few threads that live as long as the server. Under bubblewrap a cell's
 * process runs with {@code --die-with-parent}, whose "parent" is the thread that started it, not the server's process:
 * started from a virtual thread, the process was killed (exit 137) about 30 s after that thread's carrier went idle
 * and retired — a long shell cell, a session's zygote with every cell in it, an agent JVM with the session's
 * definitions. The threads of a fixed pool never end (a failed start ends its task, not its thread).
 *
 * <p>Several of them, not one: a start takes 1–2 ms on an idle machine but 8 ms on a busy one (the JDK's helper
 * process and then bubblewrap must each be scheduled), and 100 notebooks opened at once queued their sandboxes' 100
 * starts one behind another, the last almost a second after the first (bench/NOTES.md, thirteenth round).
 */
final class Spawner {

    /** How many starts may go on at once. */
    static final int THREADS = 4;

    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            THREADS, Thread.ofPlatform().daemon().name("tejun-cell-spawner-", 1).factory());

    private Spawner() {}

    /** {@code builder.start()} on a spawner thread; an interrupt while it starts does not leave it unowned. */
    static Process start(ProcessBuilder builder) throws IOException {
        return onSpawnerThread(builder::start, builder.command().getFirst());
    }

    /** {@code start} on a spawner thread, waited for whatever interrupts the caller (the interrupt is kept). */
    static <T> T onSpawnerThread(Callable<T> start, String what) throws IOException {
        Future<T> started = POOL.submit(start);
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
                    throw new IllegalStateException("could not start " + what, e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package dev.tejun.kernel.exec.shell;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Copies one process stream to the cell's output as raw byte chunks, on its own virtual thread.
 * No decoding and no per-line work: chunks go on as the pipe delivers them, so 100 MB passes in a
 * single bounded buffer.
 */
final class Pump {

    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final Stream stream;
    private final Output output;
    private final Object lock = new Object();
    private boolean detached;
    private RuntimeException failure;
    private final Thread thread;

    private Pump(InputStream in, Stream stream, Output output) {
        this.in = in;
        this.stream = stream;
        this.output = output;
        this.thread = Thread.ofVirtual()
                .name("tejun-shell-" + stream.name().toLowerCase())
                .unstarted(this::run);
    }

    static Pump start(InputStream in, Stream stream, Output output) {
        Pump pump = new Pump(in, stream, output);
        pump.thread.start();
        return pump;
    }

    private void run() {
        byte[] buffer = new byte[BUFFER];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                deliver(buffer, n);
            }
        } catch (IOException e) {
            // the pipe was closed under us (the cell was given up on); nothing more can come
        }
    }

    private void deliver(byte[] buffer, int n) {
        synchronized (lock) {
            if (detached || failure != null || n == 0) {
                // keep reading regardless, so the process never blocks on a full pipe
                return;
            }
            try {
                output.write(stream, null, buffer, 0, n);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
    }

    /** Waits until the stream has reached its end; false when it has not within {@code limit}. */
    boolean awaitDrained(Duration limit) throws InterruptedException {
        if (limit.isNegative() || limit.isZero()) {
            return !thread.isAlive();
        }
        return thread.join(limit);
    }

    /**
     * Stops delivering: whatever still arrives is read and dropped. Used when a process outside our reach holds
     * the pipe open, so that nothing reaches the output after the cell's outcome.
     */
    void detach() {
        synchronized (lock) {
            detached = true;
        }
    }

    /** The error the output raised, if any; the cell's bytes after it were dropped. */
    RuntimeException failure() {
        synchronized (lock) {
            return failure;
        }
    }
}

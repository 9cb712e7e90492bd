package dev.tejun.kernel.exec.java;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * JShell takes its output streams once, when it is built, but a session runs many cells. The router is what
 * JShell writes to; it passes the bytes on to the Output of the cell that is running, and drops what the remote
 * JVM prints between cells (a background thread, say), because no cell is there to own it.
 */
final class OutputRouter {

    private final AtomicReference<Output> target = new AtomicReference<>();

    void attach(Output output) {
        target.set(output);
    }

    /** Conditional, so a cell that was given up on and ends late cannot cut off the cell after it. */
    void detach(Output output) {
        target.compareAndSet(output, null);
    }

    PrintStream stream(Stream stream) {
        OutputStream forward = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] data, int offset, int length) {
                Output output = target.get();
                if (output != null && length > 0) {
                    output.write(stream, null, data, offset, length);
                }
            }
        };
        // No buffer in between: JShell's reader thread hands over each chunk before the reply that ends the eval.
        return new PrintStream(forward, true, StandardCharsets.UTF_8);
    }
}

package dev.tejun.kernel.session;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import java.nio.charset.StandardCharsets;

/**
 * Keeps at most {@code cap} bytes of one cell's output (every stream and host together) and counts the rest: the
 * cell runs on, but what it writes past the cap is dropped, so one runaway cell cannot fill the disk with evidence.
 * A marker says so where the output stops and, at the end, how much was dropped; it goes the way of the output,
 * so the browser, the CLI and the evidence all show it.
 */
final class OutputCap implements Output {

    private final Output next;
    private final long cap;
    private long written;
    private long dropped;

    OutputCap(Output next, long cap) {
        this.next = next;
        this.cap = cap;
    }

    @Override
    public void write(Stream stream, String host, byte[] data, int offset, int length) {
        int kept;
        boolean reached;
        synchronized (this) {
            kept = (int) Math.min(length, Math.max(0, cap - written));
            reached = kept < length && dropped == 0;
            written += kept;
            dropped += length - kept;
        }
        if (kept > 0) {
            next.write(stream, host, data, offset, kept);
        }
        if (reached) {
            marker("\n[tejun: this cell reached its output cap of " + size(cap)
                    + "; it runs on, and what it writes from here is counted and dropped]\n");
        }
    }

    /** Says how much was dropped, if anything was; called once the cell has finished. */
    void finish() {
        long lost;
        synchronized (this) {
            lost = dropped;
        }
        if (lost > 0) {
            marker("[tejun: " + lost + " bytes of output dropped after the cap of " + size(cap) + "]\n");
        }
    }

    private void marker(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        next.write(Stream.STDERR, null, bytes, 0, bytes.length);
    }

    private static String size(long bytes) {
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    @Override
    public void result(String mime, String data) {
        next.result(mime, data);
    }

    @Override
    public void hostStatus(String host, String status, String detail) {
        next.hostStatus(host, status, detail);
    }
}

package dev.tejun.kernel.exec.remote;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Output} that replaces secret values with {@value #MASK} before anything reaches the session (and so
 * evidence and browsers). A secret may arrive split across two chunks, so per stream and host the end of a chunk
 * that could be the start of a secret is held back until the next chunk says whether it is (everything before it
 * is passed on at once, so live output stays live). A multi-line secret (a private key) is also masked line by
 * line, so that a partial print of it is caught too. Call {@link #flush()} when the cell ends.
 */
public final class MaskingOutput implements Output {

    public static final String MASK = "********";

    private final Output target;
    private final Masker masker;
    private final Map<String, ByteArrayOutputStream> pending = new HashMap<>();

    public MaskingOutput(Output target, List<String> secrets) {
        this(target, Masker.of(secrets));
    }

    /** With a masker made once for many outputs (a run's cells). */
    public MaskingOutput(Output target, Masker masker) {
        this.target = target;
        this.masker = masker;
    }

    /** The text with every secret replaced; for files written beside the output (logs, evidence zips). */
    public String mask(String text) {
        return masker.mask(text);
    }

    public byte[] mask(byte[] data) {
        return masker.mask(data);
    }

    @Override
    public void write(Stream stream, String host, byte[] data, int offset, int length) {
        if (masker.isEmpty()) {
            target.write(stream, host, data, offset, length);
            return;
        }
        byte[] ready;
        synchronized (this) {
            ByteArrayOutputStream held = pending.computeIfAbsent(stream + "\u0000" + host, k -> new ByteArrayOutputStream());
            byte[] all;
            if (held.size() == 0) {
                all = offset == 0 && length == data.length ? data : java.util.Arrays.copyOfRange(data, offset, offset + length);
            } else {
                held.write(data, offset, length);
                all = held.toByteArray();
            }
            Masker.Head head = masker.maskHead(all);
            held.reset();
            held.write(all, head.end(), all.length - head.end());
            ready = head.masked();
        }
        if (ready.length > 0) {
            target.write(stream, host, ready, 0, ready.length);
        }
    }

    /** Passes on what is still held back. */
    public void flush() {
        Map<String, byte[]> rest = new HashMap<>();
        synchronized (this) {
            pending.forEach((key, held) -> {
                if (held.size() > 0) {
                    rest.put(key, mask(held.toByteArray()));
                }
            });
            pending.clear();
        }
        rest.forEach((key, bytes) -> {
            int sep = key.indexOf('\u0000');
            String host = key.substring(sep + 1);
            target.write(Stream.valueOf(key.substring(0, sep)), "null".equals(host) ? null : host, bytes, 0, bytes.length);
        });
    }

    @Override
    public void result(String mime, String data) {
        target.result(mime, mask(data));
    }

    @Override
    public void hostStatus(String host, String status, String detail) {
        target.hostStatus(host, status, mask(detail));
    }
}

package dev.tejun.kernel.exec.remote;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link Output} that replaces secret values with {@value #MASK} before anything reaches the session (and so
 * evidence and browsers). Bytes are held back per stream and host until a line ends, because a secret may arrive
 * split across two chunks; a long line without an end is passed on except for a tail as long as the longest
 * secret. A multi-line secret (a private key) is also masked line by line, so that a partial print of it is
 * caught too. Call {@link #flush()} when the cell ends.
 */
public final class MaskingOutput implements Output {

    public static final String MASK = "********";
    private static final byte[] MASK_BYTES = MASK.getBytes(StandardCharsets.UTF_8);
    /** Lines of a multi-line secret shorter than this are too common ("-----END") to be worth masking alone. */
    private static final int MIN_LINE = 12;
    private static final int HOLD_LIMIT = 64 * 1024;

    private final Output target;
    private final List<byte[]> tokens;
    private final int longest;
    private final Map<String, ByteArrayOutputStream> pending = new HashMap<>();

    public MaskingOutput(Output target, List<String> secrets) {
        this.target = target;
        this.tokens = tokens(secrets).stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        this.longest = tokens.stream().mapToInt(t -> t.length).max().orElse(0);
    }

    /** The strings to replace: each secret, and each long-enough line of a multi-line one; longest first. */
    static List<String> tokens(List<String> secrets) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s == null || s.isBlank()) {
                continue;
            }
            out.add(s);
            out.add(s.strip());
            if (s.strip().contains("\n")) {
                s.lines().map(String::strip).filter(l -> l.length() >= MIN_LINE).forEach(out::add);
            }
        }
        List<String> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(sorted);
    }

    /** The text with every secret replaced; for files written beside the output (logs, evidence zips). */
    public String mask(String text) {
        if (text == null || tokens.isEmpty()) {
            return text;
        }
        return new String(mask(text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    public byte[] mask(byte[] data) {
        byte[] out = data;
        for (byte[] token : tokens) {
            out = replace(out, token);
        }
        return out;
    }

    @Override
    public void write(Stream stream, String host, byte[] data, int offset, int length) {
        if (tokens.isEmpty()) {
            target.write(stream, host, data, offset, length);
            return;
        }
        byte[] ready;
        synchronized (this) {
            ByteArrayOutputStream held = pending.computeIfAbsent(stream + "\u0000" + host, k -> new ByteArrayOutputStream());
            held.write(data, offset, length);
            byte[] all = held.toByteArray();
            int cut = lastNewline(all) + 1;
            if (cut == 0 && all.length > HOLD_LIMIT) {
                cut = all.length - longest;
            }
            if (cut <= 0) {
                return;
            }
            held.reset();
            held.write(all, cut, all.length - cut);
            byte[] head = new byte[cut];
            System.arraycopy(all, 0, head, 0, cut);
            ready = mask(head);
        }
        target.write(stream, host, ready, 0, ready.length);
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

    private static int lastNewline(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] replace(byte[] data, byte[] token) {
        int at = indexOf(data, token, 0);
        if (at < 0) {
            return data;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        int from = 0;
        while (at >= 0) {
            out.write(data, from, at - from);
            out.write(MASK_BYTES, 0, MASK_BYTES.length);
            from = at + token.length;
            at = indexOf(data, token, from);
        }
        out.write(data, from, data.length - from);
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] token, int from) {
        outer:
        for (int i = from; i <= data.length - token.length; i++) {
            for (int j = 0; j < token.length; j++) {
                if (data[i + j] != token[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

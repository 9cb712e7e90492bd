package dev.tejun.kernel.exec.remote;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces secret values with {@value MaskingOutput#MASK} in bytes or text; immutable, so one is made per run and
 * shared by its cells. The strings to find are bucketed by their first byte and tried longest first at each
 * position, so a chunk is scanned once however many secrets there are (a CMDB may hold thousands): the cost per
 * byte is the few secrets that share its first byte, each usually given up at its second byte.
 */
public final class Masker {

    /** Masks nothing, at the cost of one check. */
    public static final Masker NONE = new Masker(List.of());

    /** Lines of a multi-line secret shorter than this are too common ("-----END") to be worth masking alone. */
    private static final int MIN_LINE = 12;
    private static final byte[] MASK_BYTES = MaskingOutput.MASK.getBytes(StandardCharsets.UTF_8);

    private final byte[][][] byFirstByte = new byte[256][][];
    private final int longest;
    private final boolean empty;

    private Masker(List<String> tokens) {
        List<List<byte[]>> buckets = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            buckets.add(new ArrayList<>());
        }
        int max = 0;
        for (String t : tokens) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            buckets.get(b[0] & 0xff).add(b);
            max = Math.max(max, b.length);
        }
        for (int i = 0; i < 256; i++) {
            byFirstByte[i] = buckets.get(i).isEmpty() ? null : buckets.get(i).toArray(byte[][]::new);
        }
        this.longest = max;
        this.empty = tokens.isEmpty();
    }

    /** A masker for these secret values (null and blank ones are ignored). */
    public static Masker of(List<String> secrets) {
        List<String> tokens = tokens(secrets);
        return tokens.isEmpty() ? NONE : new Masker(tokens);
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

    public boolean isEmpty() {
        return empty;
    }

    /** The length in bytes of the longest string masked: how much a stream must hold back to catch a split one. */
    public int longest() {
        return longest;
    }

    public String mask(String text) {
        if (text == null || empty) {
            return text;
        }
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = mask(in);
        return out == in ? text : new String(out, StandardCharsets.UTF_8);
    }

    /** The bytes with every secret replaced; the same array when there was none. */
    public byte[] mask(byte[] data) {
        if (empty) {
            return data;
        }
        ByteArrayOutputStream out = null;
        int copied = 0;
        int i = 0;
        while (i < data.length) {
            int match = matchAt(data, i);
            if (match == 0) {
                i++;
                continue;
            }
            if (out == null) {
                out = new ByteArrayOutputStream(data.length);
            }
            out.write(data, copied, i - copied);
            out.write(MASK_BYTES, 0, MASK_BYTES.length);
            i += match;
            copied = i;
        }
        if (out == null) {
            return data;
        }
        out.write(data, copied, data.length - copied);
        return out.toByteArray();
    }

    /** What {@link #maskHead} gives: the masked bytes to pass on, and where the bytes still held back begin. */
    public record Head(byte[] masked, int end) {
    }

    /**
     * Masks the part of {@code data} that can be passed on now: everything before the earliest position where the
     * data ends in the middle of what could still become a secret (so a secret split across two writes is held
     * back until it is whole). A secret that starts before that position is masked whole even when it runs past
     * it. The caller keeps {@code data[end..]} and puts it before the next write.
     */
    public Head maskHead(byte[] data) {
        int cut = partialMatchStart(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(cut + 16);
        int copied = 0;
        int i = 0;
        while (i < cut) {
            int match = matchAt(data, i);
            if (match == 0) {
                i++;
                continue;
            }
            out.write(data, copied, i - copied);
            out.write(MASK_BYTES, 0, MASK_BYTES.length);
            i += match;
            copied = i;
        }
        int end = Math.max(i, cut);
        out.write(data, copied, end - copied);
        return new Head(out.toByteArray(), end);
    }

    /** The earliest position whose rest of {@code data} is a proper prefix of a secret, or its length. */
    private int partialMatchStart(byte[] data) {
        for (int p = Math.max(0, data.length - longest + 1); p < data.length; p++) {
            byte[][] candidates = byFirstByte[data[p] & 0xff];
            if (candidates == null) {
                continue;
            }
            int rest = data.length - p;
            for (byte[] token : candidates) {
                if (token.length > rest && java.util.Arrays.equals(data, p, data.length, token, 0, rest)) {
                    return p;
                }
            }
        }
        return data.length;
    }

    /** The length of the longest secret that starts at {@code at}, or 0. */
    private int matchAt(byte[] data, int at) {
        byte[][] candidates = byFirstByte[data[at] & 0xff];
        if (candidates == null) {
            return 0;
        }
        outer:
        for (byte[] token : candidates) { // longest first, as the tokens were sorted
            if (token.length > data.length - at) {
                continue;
            }
            for (int j = 1; j < token.length; j++) {
                if (data[at + j] != token[j]) {
                    continue outer;
                }
            }
            return token.length;
        }
        return 0;
    }
}

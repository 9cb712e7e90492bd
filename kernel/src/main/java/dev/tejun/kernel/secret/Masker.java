package dev.tejun.kernel.secret;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces secret values with {@value MaskingOutput#MASK} in bytes or text; immutable, so one is made per run and
 * shared by its cells. A chunk is scanned once however many secrets there are (a CMDB may hold thousands): secrets
 * of four bytes or more sit in a hash table keyed by their first four bytes, so each position costs one hash and
 * usually no comparison; shorter ones (rare) are bucketed by their first byte. Candidates are tried longest first.
 * A secret is also found in the forms a cell can print it in without effort ({@link Encodings}: hex, base64), and
 * with terminal escape sequences between its bytes ({@link Visible}).
 */
public final class Masker {

    /** Masks nothing, at the cost of one check. */
    public static final Masker NONE = new Masker(List.of(), List.of());

    /** Lines of a multi-line secret shorter than this are too common ("-----END") to be worth masking alone. */
    private static final int MIN_LINE = 12;

    private static final byte[] MASK_BYTES = MaskingOutput.MASK.getBytes(StandardCharsets.UTF_8);

    private static final int KEY = 4;

    /** Every token by its first byte: for the end of a chunk, where fewer than four bytes are left. */
    private final byte[][][] byFirstByte;
    /** Tokens shorter than {@link #KEY} by their first byte; null when there are none. */
    private final byte[][][] shortByFirstByte;
    /** Tokens of {@link #KEY} bytes or more by a hash of their first four bytes. */
    private final byte[][][] byKey;

    private final int keyMask;
    private final int longest;
    private final boolean empty;
    private final List<String> given;

    private Masker(List<String> given, List<String> tokens) {
        this.given = List.copyOf(given);
        List<byte[]> bytes =
                tokens.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList(); // longest first
        int size = Integer.highestOneBit(Math.max(1024, bytes.size() * 4 - 1)) << 1; // mostly empty slots
        this.keyMask = size - 1;
        this.byFirstByte = buckets(bytes, 256, b -> b[0] & 0xff);
        List<byte[]> shorter = bytes.stream().filter(b -> b.length < KEY).toList();
        this.shortByFirstByte = shorter.isEmpty() ? null : buckets(shorter, 256, b -> b[0] & 0xff);
        this.byKey = buckets(bytes.stream().filter(b -> b.length >= KEY).toList(), size, b -> slot(b, 0));
        this.longest = bytes.stream().mapToInt(b -> b.length).max().orElse(0);
        this.empty = tokens.isEmpty();
    }

    private static byte[][][] buckets(List<byte[]> tokens, int size, java.util.function.ToIntFunction<byte[]> slot) {
        List<List<byte[]>> lists = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            lists.add(null);
        }
        for (byte[] t : tokens) {
            int i = slot.applyAsInt(t);
            if (lists.get(i) == null) {
                lists.set(i, new ArrayList<>());
            }
            lists.get(i).add(t);
        }
        byte[][][] out = new byte[size][][];
        for (int i = 0; i < size; i++) {
            out[i] = lists.get(i) == null ? null : lists.get(i).toArray(byte[][]::new);
        }
        return out;
    }

    private int slot(byte[] b, int at) {
        int k = (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
        k *= 0x9E3779B9; // spread the bits: text keys differ mostly in their low bits
        return (k ^ k >>> 16) & keyMask;
    }

    /** A masker for these secret values (null and blank ones are ignored). */
    public static Masker of(List<String> secrets) {
        List<String> tokens = tokens(secrets);
        return tokens.isEmpty()
                ? NONE
                : new Masker(
                        secrets.stream()
                                .filter(v -> v != null && !v.isBlank())
                                .distinct()
                                .toList(),
                        tokens);
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
            out.addAll(Encodings.of(s.strip()));
        }
        List<String> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(sorted);
    }

    /** The secrets it was made for (not their encodings or lines), for a masker of files written elsewhere. */
    public List<String> values() {
        return given;
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
        Scan scan = scan(data, true);
        if (scan.matches().isEmpty()) {
            return data;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        copyMasked(data, 0, data.length, scan.matches(), out);
        return out.toByteArray();
    }

    /** A secret found at {@code [start, end)} of the scanned bytes. */
    record Match(int start, int end) {}

    /**
     * What {@link #scan} found: the secrets, in order, and where the bytes still held back begin (the data's length
     * when nothing is held back).
     */
    record Scan(List<Match> matches, int end) {}

    /**
     * Finds the secrets in {@code data} as a terminal would show it (escape sequences between a secret's bytes do
     * not hide it). Unless {@code whole}, the scan stops at the earliest position where the data ends in the middle
     * of what could still become a secret, or of an escape sequence, so a secret split across two writes is held
     * back until it is whole; a secret that starts before that position is matched whole even when it runs past it.
     */
    Scan scan(byte[] data, boolean whole) {
        if (empty) {
            return new Scan(List.of(), data.length);
        }
        Visible v = Visible.of(data);
        byte[] shown = v.bytes();
        int cut = whole ? shown.length : partialMatchStart(shown);
        List<Match> found = new ArrayList<>();
        int i = 0;
        while (i < cut) {
            int match = matchAt(shown, i);
            if (match == 0) {
                i++;
                continue;
            }
            found.add(new Match(v.origin(i), v.originEnd(i + match)));
            i += match;
        }
        int end = whole ? data.length : Math.max(v.originEnd(i), v.origin(cut));
        return new Scan(found, end);
    }

    /** {@code data[from, to)} with every match in {@code scan} that starts there masked, and skipped where it goes on. */
    static void copyMasked(byte[] data, int from, int to, List<Match> matches, ByteArrayOutputStream out) {
        int at = from;
        for (Match m : matches) {
            if (m.end() <= at || m.start() >= to) {
                continue;
            }
            if (m.start() >= at) {
                out.write(data, at, m.start() - at);
                out.write(MASK_BYTES, 0, MASK_BYTES.length);
            }
            at = Math.min(m.end(), to);
        }
        if (at < to) {
            out.write(data, at, to - at);
        }
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
        int found = data.length - at >= KEY ? firstMatch(byKey[slot(data, at)], data, at) : 0;
        if (found == 0 && shortByFirstByte != null) {
            found = firstMatch(shortByFirstByte[data[at] & 0xff], data, at);
        }
        return found;
    }

    /** The length of the first of {@code candidates} (longest first) found at {@code at}, or 0. */
    private static int firstMatch(byte[][] candidates, byte[] data, int at) {
        if (candidates == null) {
            return 0;
        }
        for (byte[] token : candidates) {
            if (token.length <= data.length - at
                    && token[token.length - 1] == data[at + token.length - 1]
                    && java.util.Arrays.equals(data, at, at + token.length, token, 0, token.length)) {
                return token.length;
            }
        }
        return 0;
    }
}

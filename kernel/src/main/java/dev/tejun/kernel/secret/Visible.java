package dev.tejun.kernel.secret;

/**
 * Bytes as a terminal shows them: terminal escape sequences (colours, cursor moves, titles) taken out, with the
 * position each shown byte had in the original. A secret printed with an escape in its middle ({@code pa\e[0mss})
 * reads as the secret on screen and in a log viewer, so it is matched on what is shown.
 */
final class Visible {

    private static final byte ESC = 0x1b;

    private final byte[] shown;
    private final int[] origin;
    private final int cutOff;
    private final int length;

    private Visible(byte[] shown, int[] origin, int cutOff, int length) {
        this.shown = shown;
        this.origin = origin;
        this.cutOff = cutOff;
        this.length = length;
    }

    static Visible of(byte[] data) {
        int first = indexOf(data, ESC);
        if (first < 0) {
            return new Visible(data, null, data.length, data.length);
        }
        byte[] shown = new byte[data.length];
        int[] origin = new int[data.length];
        int n = 0;
        int i = 0;
        while (i < data.length) {
            if (data[i] != ESC) {
                shown[n] = data[i];
                origin[n++] = i++;
                continue;
            }
            int end = sequenceEnd(data, i);
            if (end < 0) { // the data ends inside the sequence: the rest comes with the next write
                return new Visible(java.util.Arrays.copyOf(shown, n), origin, i, data.length);
            }
            i = end;
        }
        return new Visible(java.util.Arrays.copyOf(shown, n), origin, data.length, data.length);
    }

    /** The shown bytes. */
    byte[] bytes() {
        return shown;
    }

    /** Where shown byte {@code k} was; for {@code k == bytes().length}, where the unfinished escape at the end starts. */
    int origin(int k) {
        if (k >= shown.length) {
            return cutOff;
        }
        return origin == null ? k : origin[k];
    }

    /** Just after shown byte {@code k - 1}; 0 for {@code k == 0}. */
    int originEnd(int k) {
        return k == 0 ? 0 : origin(k - 1) + 1;
    }

    /** Where an escape sequence that the data ends inside starts, or the data's length. */
    int cutOff() {
        return cutOff;
    }

    int length() {
        return length;
    }

    /** The index just after the escape sequence at {@code at}, or -1 when the data ends before it does. */
    private static int sequenceEnd(byte[] d, int at) {
        int i = at + 1;
        if (i >= d.length) {
            return -1;
        }
        byte kind = d[i];
        if (kind == '[') { // CSI: parameters, intermediates, one final byte
            for (i++; i < d.length; i++) {
                if (d[i] >= 0x40 && d[i] <= 0x7e) {
                    return i + 1;
                }
                if (d[i] < 0x20 || d[i] > 0x3f) {
                    return i; // not a sequence after all: drop only what was read
                }
            }
            return -1;
        }
        if (kind == ']') { // OSC: until BEL or ESC backslash
            for (i++; i < d.length; i++) {
                if (d[i] == 0x07) {
                    return i + 1;
                }
                if (d[i] == ESC) {
                    return i + 1 < d.length ? (d[i + 1] == '\\' ? i + 2 : i) : -1;
                }
            }
            return -1;
        }
        while (i < d.length && d[i] >= 0x20 && d[i] <= 0x2f) { // intermediates, as in ESC ( B
            i++;
        }
        if (i >= d.length) {
            return -1;
        }
        return d[i] >= 0x30 && d[i] <= 0x7e ? i + 1 : i;
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}

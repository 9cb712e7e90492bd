package dev.tejun.kernel.secret;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link Output} that replaces secret values with {@value #MASK} before anything reaches the session (and so
 * evidence and browsers). A secret may arrive split across two chunks, or across stdout and stderr (a person sees
 * both together), so per host the end of what was written that could be the start of a secret is held back until
 * the next write says whether it is (everything before it is passed on at once, so live output stays live); the
 * match runs over a host's streams together, in the order they were written. A multi-line secret (a private key)
 * is also masked line by line, so that a partial print of it is caught too. Call {@link #flush()} when the cell
 * ends.
 */
public final class MaskingOutput implements Output {

    public static final String MASK = "********";

    private final Output target;
    private final Masker masker;
    /** Per host ("" for the cell's own lines): what is held back, as the writes it came in. */
    private final Map<String, Held> pending = new HashMap<>();

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
        List<Piece> ready;
        synchronized (this) {
            Held held = pending.computeIfAbsent(host == null ? "" : host, k -> new Held());
            held.add(stream, data, offset, length);
            ready = held.take(masker, false);
        }
        ready.forEach(p -> target.write(p.stream(), host, p.bytes(), p.offset(), p.length()));
    }

    /** Passes on what is still held back. */
    public void flush() {
        Map<String, List<Piece>> rest = new LinkedHashMap<>();
        synchronized (this) {
            pending.forEach((host, held) -> rest.put(host, held.take(masker, true)));
            pending.clear();
        }
        rest.forEach((host, pieces) -> pieces.forEach(
                p -> target.write(p.stream(), host.isEmpty() ? null : host, p.bytes(), p.offset(), p.length())));
    }

    @Override
    public void result(String mime, String data) {
        target.result(mime, mask(data));
    }

    @Override
    public void hostStatus(String host, String status, String detail) {
        target.hostStatus(host, status, mask(detail));
    }

    /** Bytes to pass on: a range of what was scanned when nothing in it was masked, else a masked copy. */
    private record Piece(Stream stream, byte[] bytes, int offset, int length) {}

    /**
     * Bytes written but not yet passed on, and which stream each run of them came on. When nothing is held, a write
     * is scanned where it lies and passed on from there (the usual case, and the hot path of a flood); only a held
     * back tail is copied.
     */
    private static final class Held {
        private static final byte[] NONE = new byte[0];

        private byte[] bytes = NONE;
        private final List<Stream> streams = new ArrayList<>();
        private final List<Integer> ends = new ArrayList<>();

        void add(Stream stream, byte[] data, int offset, int length) {
            if (bytes.length == 0) {
                bytes = offset == 0 && length == data.length ? data : Arrays.copyOfRange(data, offset, offset + length);
            } else {
                byte[] joined = Arrays.copyOf(bytes, bytes.length + length);
                System.arraycopy(data, offset, joined, bytes.length, length);
                bytes = joined;
            }
            int last = streams.size() - 1;
            if (last >= 0 && streams.get(last) == stream) {
                ends.set(last, bytes.length);
            } else {
                streams.add(stream);
                ends.add(bytes.length);
            }
        }

        /**
         * The pieces that can be passed on now (all of them when {@code whole}); keeps a copy of the rest. The pieces
         * may share the array given to {@link #add}: they are passed on before that write returns.
         */
        List<Piece> take(Masker masker, boolean whole) {
            byte[] all = bytes;
            Masker.Scan scan = masker.scan(all, whole);
            List<Piece> out = new ArrayList<>();
            int from = 0;
            for (int i = 0; i < streams.size() && from < scan.end(); i++) {
                int to = Math.min(ends.get(i), scan.end());
                if (to > from && !touches(scan.matches(), from, to)) {
                    out.add(new Piece(streams.get(i), all, from, to - from));
                } else if (to > from) {
                    ByteArrayOutputStream piece = new ByteArrayOutputStream(to - from + 8);
                    Masker.copyMasked(all, from, to, scan.matches(), piece);
                    if (piece.size() > 0) {
                        out.add(new Piece(streams.get(i), piece.toByteArray(), 0, piece.size()));
                    }
                }
                from = ends.get(i);
            }
            // Keep what lies past the scan's end, with the streams it came on.
            int start = scan.end();
            List<Stream> keptStreams = new ArrayList<>();
            List<Integer> keptEnds = new ArrayList<>();
            for (int j = 0; j < streams.size(); j++) {
                if (ends.get(j) > start) {
                    keptStreams.add(streams.get(j));
                    keptEnds.add(ends.get(j) - start);
                }
            }
            bytes = start < all.length ? Arrays.copyOfRange(all, start, all.length) : NONE;
            streams.clear();
            streams.addAll(keptStreams);
            ends.clear();
            ends.addAll(keptEnds);
            return out;
        }

        private static boolean touches(List<Masker.Match> matches, int from, int to) {
            for (Masker.Match m : matches) {
                if (m.start() < to && m.end() > from) {
                    return true;
                }
            }
            return false;
        }
    }
}

package dev.tejun.server.runs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an HTTP {@code Range: bytes=…} header (RFC 9110 §14.1.2): {@code a-b}, {@code a-} or the last
 * {@code -n} bytes. A cell's full output can be hundreds of megabytes; the output viewer reads it a page at a time
 * this way instead of one response a browser tab cannot hold. Several ranges in one header are not served (the viewer
 * never asks for them): the whole file is sent, which RFC 9110 allows.
 *
 * @param first the first byte, inclusive
 * @param last the last byte, inclusive
 */
public record ByteRange(long first, long last) {

    private static final Pattern ONE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    /** Thrown for a range that lies wholly past the end of the file: the answer is 416. */
    public static final class Unsatisfiable extends Exception {
        private static final long serialVersionUID = 1L;

        Unsatisfiable(String header) {
            super("range " + header + " lies outside the output");
        }
    }

    /**
     * The range {@code header} asks for in a file of {@code size} bytes; empty when there is no header, or it is not
     * one byte range (then the whole file is the answer).
     */
    public static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = ONE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw new Unsatisfiable(header);
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (first >= size) {
                throw new Unsatisfiable(header);
            }
            if (last < first) {
                return Optional.empty(); // a syntactically invalid range is ignored, as RFC 9110 says
            }
            return Optional.of(new ByteRange(first, last));
        } catch (NumberFormatException e) {
            return Optional.empty(); // digits beyond a long: not a range we can serve, so the whole file
        }
    }

    public long length() {
        return last - first + 1;
    }

    /** The bytes of this range of {@code file}, read as they are sent. */
    public InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        in.skipNBytes(first);
        return new FilterInputStream(in) {
            private long left = length();

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                left -= b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(buf, off, (int) Math.min(len, left));
                left -= Math.max(n, 0);
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(Math.min(n, left));
                left -= skipped;
                return skipped;
            }
        };
    }

    /** The {@code Content-Range} value for this range of a file of {@code size} bytes. */
    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }
}

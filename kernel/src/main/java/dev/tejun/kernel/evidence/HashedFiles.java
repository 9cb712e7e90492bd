package dev.tejun.kernel.evidence;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The files of one run that its recorder wrote, each with the SHA-256 of the bytes written, so the seal takes the
 * hash from here instead of reading the file back ({@link Manifest#seal}). Only a file whose every write and close
 * succeeded has a hash here; one that failed part way (a full disk) is hashed by the seal from what is on disk, as
 * is every file written by someone else (an artifact copied in). Not thread-safe: the recorder calls it under its
 * own lock.
 */
final class HashedFiles {

    private final Path runDir;
    private final Map<String, Manifest.Known> hashes = new HashMap<>();

    HashedFiles(Path runDir) {
        this.runDir = runDir;
    }

    /**
     * Writes {@code bytes} as the whole of {@code file} (made or replaced). A file replaced ({@code run.json} at the
     * run's end) is written over from its start and cut to the new length, never truncated to zero first: on ext4 a
     * file emptied and written again is flushed to the disk when it is closed ({@code auto_da_alloc}), which took
     * 2–3 ms of the session's thread per run. Through java.io, which an interrupt does not close mid-write.
     */
    void write(Path file, byte[] bytes) throws IOException {
        String rel = rel(file);
        hashes.remove(rel); // until the write succeeded, what is on disk is not known
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(bytes);
            if (out.length() > bytes.length) {
                out.setLength(bytes.length);
            }
        }
        hashes.put(rel, new Manifest.Known(Manifest.sha256(bytes), bytes.length));
    }

    /** Writes {@code text} in UTF-8; as {@link Files#writeString}, text that is not valid Unicode is an error. */
    void writeText(Path file, String text) throws IOException {
        ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        write(file, bytes);
    }

    /** A new {@code file} written as a stream (unbuffered: buffer it); hashed once it closed cleanly. */
    OutputStream stream(Path file) throws IOException {
        String rel = rel(file);
        hashes.remove(rel);
        return new Hashing(rel, Files.newOutputStream(file));
    }

    /** The hashes and sizes by path relative to the run's folder, as the manifest lists them. */
    Map<String, Manifest.Known> known() {
        return Map.copyOf(hashes);
    }

    private String rel(Path file) {
        return runDir.relativize(file).toString().replace('\\', '/');
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    /** Digests what reached the file; a write, flush or close that failed leaves the file without a known hash. */
    private final class Hashing extends OutputStream {
        private final String rel;
        private final OutputStream out;
        private final MessageDigest md = digest();
        private long size;
        private boolean failed;
        private boolean closed;

        Hashing(String rel, OutputStream out) {
            this.rel = rel;
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            md.update(b, off, len);
            size += len;
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            if (!failed) {
                hashes.put(rel, new Manifest.Known(hex(md.digest()), size));
            }
        }
    }
}

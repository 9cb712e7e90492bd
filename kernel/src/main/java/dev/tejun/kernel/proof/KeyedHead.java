package dev.tejun.kernel.proof;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The head of a chain (the audit log's {@code audit-head}, the evidence's {@code CHAIN}) as one line:
 * {@code ID HASH AFTER KEY-ID MAC}. {@code AFTER} is the last entry made before keying began ({@code 0} or
 * {@code -} when all are keyed); it is under the MAC, so entries after it cannot be passed off as unkeyed. A line
 * of only {@code ID HASH} is a head from before keys.
 *
 * @param after  null, and {@code keyId} and {@code mac} too, for an unkeyed head
 */
public record KeyedHead(String id, String hash, String after, String keyId, String mac) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public boolean keyed() {
        return mac != null;
    }

    public String line() {
        return keyed() ? String.join(" ", id, hash, after, keyId, mac) : id + " " + hash;
    }

    /** The head in {@code file}, empty when there is none; a file of another form is an error naming it. */
    public static Optional<KeyedHead> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String[] p = stableText(file).strip().split(" ");
        for (String part : p) {
            if (!TOKEN.matcher(part).matches()) {
                throw new IOException("head file " + file + " is not in the form 'ID HASH [AFTER KEY-ID MAC]'");
            }
        }
        if (p.length == 2) {
            return Optional.of(new KeyedHead(p[0], p[1], null, null, null));
        }
        if (p.length == 5) {
            return Optional.of(new KeyedHead(p[0], p[1], p[2], p[3], p[4]));
        }
        throw new IOException("head file " + file + " is not in the form 'ID HASH [AFTER KEY-ID MAC]'");
    }

    /** The file's text once two reads in a row agree (a writer outside the reader's lock writes in place). */
    private static String stableText(Path file) throws IOException {
        byte[] last = Files.readAllBytes(file);
        for (int i = 0; i < 10; i++) {
            byte[] again = Files.readAllBytes(file);
            if (Arrays.equals(last, again)) {
                break;
            }
            last = again;
        }
        return new String(last, StandardCharsets.US_ASCII);
    }

    /**
     * Replaces {@code file}'s line (0600 when made). An existing file is written over in place, in one write from
     * its start, padded with spaces to the length it had (a line of any length is read stripped), so the file is
     * never empty, never cut and never replaced by a rename: on ext4 a rename over an existing file, as a temp file
     * and an atomic move did, starts the temp file's write-back at once ({@code auto_da_alloc}), which cost more
     * than the rest of an audit batch or an evidence seal. One write of less than a page into the page cache is
     * whole or not at all when the process is killed, as the rename was; a reader outside the writer's lock may
     * catch a write half done, so {@link #read} reads until two reads agree. Written through java.io: an interrupt
     * meant for the caller's thread (a session closing just as its run ended) closed a channel mid-write.
     */
    public static void write(Path file, KeyedHead head) {
        byte[] line = (head.line() + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            if (!Files.exists(file)) {
                writeFirst(file, line);
                return;
            }
            try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
                long had = out.length();
                if (had > line.length && had <= MAX_PADDED) {
                    byte[] padded = new byte[(int) had];
                    Arrays.fill(padded, (byte) ' ');
                    System.arraycopy(line, 0, padded, 0, line.length - 1);
                    padded[padded.length - 1] = '\n';
                    line = padded;
                }
                out.write(line);
                if (had > line.length) {
                    out.setLength(line.length);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the head " + file, e);
        }
    }

    /** A head line is ~220 characters; a longer file than this (not one of ours) is cut to the line instead. */
    private static final int MAX_PADDED = 1024;

    /** The first head: a temp file moved into place, so the file never exists half written. */
    private static void writeFirst(Path file, byte[] line) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + "."
                + ProcessHandle.current().pid() + "." + Thread.currentThread().threadId() + ".tmp");
        try {
            writeNew(temp, line);
        } catch (FileAlreadyExistsException leftOver) {
            // from an earlier process with the same pid that died before its move (the name is this thread's)
            Files.deleteIfExists(temp);
            try {
                writeNew(temp, line);
            } catch (FileAlreadyExistsException e) {
                throw new IOException("someone else is writing " + temp, e);
            }
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Makes {@code file} (0600 where permissions exist) with {@code bytes}; it must not exist. Written through
     * java.io, not a channel: an interrupt meant for the caller's thread (a session closing just as its run ended)
     * closed the channel mid-write, and the audit entry whose head it was went unwritten.
     */
    private static void writeNew(Path file, byte[] bytes) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
            out.write(bytes);
        }
    }
}

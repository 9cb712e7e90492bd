package dev.tejun.kernel.proof;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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
        String[] p = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
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

    /** Replaces {@code file} (0600) in one step: a temp file, then an atomic move. */
    public static void write(Path file, KeyedHead head) {
        try {
            Path temp = file.resolveSibling(
                    file.getFileName() + "." + ProcessHandle.current().pid() + "."
                            + Thread.currentThread().threadId() + ".tmp");
            byte[] line = (head.line() + "\n").getBytes(StandardCharsets.US_ASCII);
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the head " + file, e);
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

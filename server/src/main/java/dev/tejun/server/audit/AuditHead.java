package dev.tejun.server.audit;

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

/**
 * The chain's head (last id and hash) kept in a small file beside the database, {@code audit-head}. The chain
 * itself proves each row follows the one before, but not that the newest rows are all there: deleting the tail
 * leaves a valid chain. The file is rewritten (temp file, then an atomic move) inside every append's
 * transaction, while the database's write lock keeps other writers out, so it always names the newest row.
 */
public final class AuditHead {

    public static final String FILE = "audit-head";

    /** The head as written: {@code id hash}. */
    public record Head(long id, String hash) {
    }

    private final Path file;

    public AuditHead(Path file) {
        this.file = file;
    }

    /** The head file of the audit log in {@code database}'s folder. */
    public static AuditHead beside(Path database) {
        return new AuditHead(database.toAbsolutePath().resolveSibling(FILE));
    }

    public Path file() {
        return file;
    }

    public void write(long id, String hash) {
        try {
            Path temp = file.resolveSibling(FILE + "." + ProcessHandle.current().pid() + ".tmp");
            Files.deleteIfExists(temp);
            try {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                throw new IOException("someone else is writing " + temp, e);
            }
            Files.writeString(temp, id + " " + hash + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit head " + file, e);
        }
    }

    /** Empty when there is no file; an unreadable one is reported as such by {@link #compare}. */
    public Optional<Head> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String[] parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
        if (parts.length != 2 || !parts[0].matches("\\d{1,18}") || !parts[1].matches("[0-9a-f]{64}")) {
            throw new IOException("audit head file " + file + " is not in the form 'ID HASH'");
        }
        return Optional.of(new Head(Long.parseLong(parts[0]), parts[1]));
    }

    /**
     * Why the table's last row ({@code lastId} 0 when empty) does not match the head file, or null when it does.
     * No file with an empty table is fine (nothing was ever logged); no file with rows is not.
     */
    public String compare(long lastId, String lastHash) {
        Optional<Head> head;
        try {
            head = read();
        } catch (IOException e) {
            return e.getMessage();
        }
        if (head.isEmpty()) {
            return lastId == 0 ? null : "audit head file " + file + " is missing (the log has " + lastId + " entries)";
        }
        Head h = head.get();
        if (h.id() > lastId) {
            long gone = h.id() - lastId;
            return "audit log ends at #" + lastId + " but the head file says #" + h.id() + ": " + gone + " newest "
                    + (gone == 1 ? "entry" : "entries") + " missing";
        }
        if (h.id() < lastId) {
            return "audit log ends at #" + lastId + " but the head file says #" + h.id()
                    + ": entries after #" + h.id() + " were added without updating the head";
        }
        if (!h.hash().equals(lastHash)) {
            return "audit entry #" + lastId + " is not the one the head file names (hash differs): the tail was replaced";
        }
        return null;
    }
}

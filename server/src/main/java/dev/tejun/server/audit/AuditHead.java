package dev.tejun.server.audit;

import dev.tejun.kernel.proof.KeyedHead;
import dev.tejun.kernel.proof.ProofKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The chain's head (last id and hash, MACed with the proof key) kept in a small file beside the database,
 * {@code audit-head}. The chain itself proves each row follows the one before, but not that the newest rows are
 * all there: deleting the tail leaves a valid chain. The file is rewritten (temp file, then an atomic move) inside
 * every append's transaction, while the database's write lock keeps other writers out, so it always names the
 * newest row. Its form is a {@link KeyedHead}.
 */
public final class AuditHead {

    public static final String FILE = ProofKey.AUDIT_HEAD;

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

    public void write(KeyedHead head) {
        KeyedHead.write(file, head);
    }

    /** Empty when there is no file; one of another form is an error naming it. */
    public Optional<KeyedHead> read() throws IOException {
        Optional<KeyedHead> head = KeyedHead.read(file);
        if (head.isPresent()
                && (!head.get().id().matches("\\d{1,18}")
                        || !head.get().hash().matches("[0-9a-f]{64}")
                        || head.get().keyed() && !head.get().after().matches("\\d{1,18}"))) {
            throw new IOException("audit head file " + file + " is not in the form 'ID HASH [AFTER KEY-ID MAC]'");
        }
        return head;
    }

    /**
     * Why the table's last row ({@code lastId} 0 when empty) does not match the head file, or null when it does.
     * No file with an empty table is fine (nothing was ever logged); no file with rows is not.
     */
    public String compare(long lastId, String lastHash) {
        Optional<KeyedHead> head;
        try {
            head = read();
        } catch (IOException e) {
            return e.getMessage();
        }
        if (head.isEmpty()) {
            return lastId == 0 ? null : "audit head file " + file + " is missing (the log has " + lastId + " entries)";
        }
        long id = Long.parseLong(head.get().id());
        if (id > lastId) {
            long gone = id - lastId;
            return "audit log ends at #" + lastId + " but the head file says #" + id + ": " + gone + " newest "
                    + (gone == 1 ? "entry" : "entries") + " missing";
        }
        if (id < lastId) {
            return "audit log ends at #" + lastId + " but the head file says #" + id + ": entries after #" + id
                    + " were added without updating the head";
        }
        if (!head.get().hash().equals(lastHash)) {
            return "audit entry #" + lastId
                    + " is not the one the head file names (hash differs): the tail was replaced";
        }
        return null;
    }
}

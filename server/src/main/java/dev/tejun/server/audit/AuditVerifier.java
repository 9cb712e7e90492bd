package dev.tejun.server.audit;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.KeyedHead;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.audit.AuditLog.Verification;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * Checks the audit log against tampering: the chain of hashes and MACs row by row, the last row against the head
 * file, and the log against the heads exported earlier. Reads only; {@link AuditLog} appends.
 */
final class AuditVerifier {

    private final Database db;
    private final AuditHead head;
    private final ProofKey key;

    AuditVerifier(Database db, AuditHead head, ProofKey key) {
        this.db = db;
        this.head = head;
        this.key = key;
    }

    /**
     * Walks the whole chain in id order (each hash must match its row, each row must name the one before, each
     * entry after keying began must carry a MAC of its hash), then compares the last row with the head file, which
     * catches the newest rows deleted, and checks the head's own MAC. It runs with the writers, not beside them: an
     * append writes the head file before its row commits, so a read beside it could see a head one entry ahead.
     */
    Verification verify() {
        return db.write(c -> {
            Optional<KeyedHead> h;
            try {
                h = head.read();
            } catch (IOException e) {
                return new Verification(false, 0, null, e.getMessage(), null);
            }
            String headProblem = h.map(x -> key.problem(x, ProofKey.AUDIT, "the audit head " + head.file()))
                    .orElse(null);
            if (headProblem != null && h.get().keyed() && !h.get().keyId().equals(key.id())) {
                return new Verification(false, 0, null, headProblem, null); // another key: say only that
            }
            // A head that fails its MAC cannot say when keying began; then the entries themselves do.
            long after = headProblem == null && h.isPresent() && h.get().keyed()
                    ? Long.parseLong(h.get().after())
                    : -1;
            Verification chain = verifyChain(c, after);
            if (!chain.ok()) {
                return chain;
            }
            AuditLog.Tip tip = AuditLog.tip(c);
            long lastId = tip.id();
            String problem = head.compare(lastId, tip.hash());
            if (problem == null && lastId > 0) {
                problem = headProblem;
            }
            return problem == null ? chain : new Verification(false, chain.entries(), lastId + 1, problem, null);
        });
    }

    /**
     * Why the log does not hold the heads exported earlier ({@link HeadExport}), or null when it does: each must
     * still be there with the same hash, and carry a MAC of this key. Catches the whole log, or its tail, deleted.
     */
    String compareWithExport(List<HeadExport.Head> exported) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_log WHERE id = ?")) {
                for (HeadExport.Head h : exported) {
                    if (!h.id().matches("\\d{1,18}") || !key.matches(h.mac(), ProofKey.AUDIT, h.id(), h.hash())) {
                        return "exported head #" + h.id() + " does not carry a MAC of this " + ProofKey.FILE;
                    }
                    ps.setLong(1, Long.parseLong(h.id()));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return "audit entry #" + h.id() + " was exported at " + h.at()
                                    + " but is missing: the log was deleted or its tail truncated";
                        }
                        if (!rs.getString(1).equals(h.hash())) {
                            return "audit entry #" + h.id() + " is not the one exported at " + h.at()
                                    + " (hash differs)";
                        }
                    }
                }
            }
            return null;
        });
    }

    /** {@code after}: the last entry from before keying began, or -1 when unknown (inferred from the entries). */
    private Verification verifyChain(Connection c, long after) throws SQLException {
        String prev = AuditEntry.GENESIS;
        long expectedId = 1;
        long count = 0;
        long notKeyed = 0;
        long keyedFrom = after >= 0 ? after + 1 : Long.MAX_VALUE;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM audit_log ORDER BY id")) {
            while (rs.next()) {
                AuditEntry e = AuditLog.entry(rs);
                String mac = rs.getString("mac");
                count++;
                if (e.id() != expectedId) {
                    return broken(count, expectedId, "entry " + expectedId + " is missing (next is " + e.id() + ")");
                }
                if (!e.prevHash().equals(prev)) {
                    return broken(
                            count,
                            e.id(),
                            "entry " + e.id() + " does not follow the entry before it (prev_hash differs)");
                }
                if (!e.computeHash().equals(e.hash())) {
                    return broken(count, e.id(), "entry " + e.id() + " was changed (hash differs)");
                }
                if (mac != null) {
                    if (!key.matches(mac, ProofKey.AUDIT, Long.toString(e.id()), e.hash())) {
                        return broken(
                                count,
                                e.id(),
                                "entry #" + e.id() + " was changed and rehashed without the key"
                                        + " (its MAC does not match)");
                    }
                    keyedFrom = Math.min(keyedFrom, e.id());
                } else if (e.id() >= keyedFrom) {
                    return broken(
                            count,
                            e.id(),
                            "entry #" + e.id() + " is not keyed although keying began at #" + keyedFrom
                                    + ": its MAC was stripped");
                } else {
                    notKeyed++;
                }
                prev = e.hash();
                expectedId++;
            }
        }
        return new Verification(
                true,
                count,
                null,
                null,
                notKeyed == 0
                        ? null
                        : "entries #1–#" + notKeyed + " not keyed (before KEYED-SINCE #" + (notKeyed + 1)
                                + ": written before " + ProofKey.FILE + " existed)");
    }

    private static Verification broken(long count, long id, String problem) {
        return new Verification(false, count, id, problem, null);
    }
}

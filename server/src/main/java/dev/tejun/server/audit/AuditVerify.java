package dev.tejun.server.audit;

import dev.tejun.kernel.proof.KeyedHead;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.audit.AuditLog.Verification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The walk of {@link AuditLog#verify()}: the archived segments in chain order (each registered, MACed, whole and
 * continuing the one before: {@link AuditSegment}), then the table's entries from the archive mark on, then the
 * end against the head file, which catches the newest entries deleted, and the head's own MAC.
 */
final class AuditVerify {

    private final Connection c;
    private final AuditHead head;
    private final ProofKey key;
    private final Path archive;

    AuditVerify(Connection c, AuditHead head, ProofKey key, Path archive) {
        this.c = c;
        this.head = head;
        this.key = key;
        this.archive = archive;
    }

    Verification run() throws SQLException {
        Optional<KeyedHead> h;
        try {
            h = head.read();
        } catch (IOException e) {
            return new Verification(false, 0, null, e.getMessage(), null, 0);
        }
        String headProblem = h.map(x -> key.problem(x, ProofKey.AUDIT, "the audit head " + head.file()))
                .orElse(null);
        if (headProblem != null && h.get().keyed() && !h.get().keyId().equals(key.id())) {
            return new Verification(false, 0, null, headProblem, null, 0); // another key: say only that
        }
        // A head that fails its MAC cannot say when keying began; then the entries themselves do.
        long after = headProblem == null && h.isPresent() && h.get().keyed()
                ? Long.parseLong(h.get().after())
                : -1;
        AuditChainWalk walk = new AuditChainWalk(key, after);
        List<AuditArchive.Registered> segments = AuditArchive.segments(c);
        for (AuditArchive.Registered s : segments) {
            String problem = segment(s, walk);
            if (problem != null) {
                return new Verification(false, walk.count(), s.segment().firstId(), problem, null, segments.size());
            }
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM audit_log ORDER BY id")) {
            while (rs.next()) {
                AuditEntry e = AuditLog.entry(rs);
                String problem = walk.step(e);
                if (problem != null) {
                    return new Verification(false, walk.count(), e.id(), problem, null, segments.size());
                }
            }
        }
        String problem = head.compare(walk.lastId(), walk.lastId() == 0 ? null : walk.lastHash());
        if (problem == null && walk.lastId() > 0) {
            problem = headProblem;
        }
        return problem == null
                ? new Verification(true, walk.count(), null, null, walk.notKeyed(), segments.size())
                : new Verification(false, walk.count(), walk.lastId() + 1, problem, null, segments.size());
    }

    /** Why segment {@code s} is not the signed, whole continuation of the chain so far, or null when it is. */
    private String segment(AuditArchive.Registered s, AuditChainWalk walk) throws SQLException {
        AuditSegment reg = s.segment();
        String name = reg.fileName();
        String what = "audit segment " + name + " (entries #" + reg.firstId() + "–#" + reg.lastId() + ")";
        String regProblem = reg.problem(key);
        if (regProblem != null) {
            return "the register row of " + what + " " + regProblem;
        }
        if (reg.firstId() != walk.lastId() + 1 || !reg.firstPrevHash().equals(walk.lastHash())) {
            return what + " does not continue the chain after entry #" + walk.lastId()
                    + ": a segment before it is missing or was replaced";
        }
        Path file = archive.resolve(name);
        if (!Files.isRegularFile(file)) {
            return what + " is missing: expected at " + file;
        }
        AuditSegment.Reading read;
        try {
            read = AuditSegment.read(file, walk::step);
        } catch (IOException e) {
            return what + " cannot be read: " + e.getMessage();
        }
        if (read.header() != null && !read.header().equals(reg)) {
            String p = read.header().problem(key);
            return what + (p != null ? " " + p : " does not match its register row (header differs)");
        }
        if (read.problem() != null) {
            return what + ": " + read.problem();
        }
        if (walk.lastId() != reg.lastId() || !walk.lastHash().equals(reg.lastHash())) {
            return what + " ends at entry #" + walk.lastId() + ", not at the one its header names";
        }
        if (!read.sha256().equals(s.fileSha256())) {
            return what + " was changed since it was archived (its SHA-256 differs from the register)";
        }
        return null;
    }

    /**
     * Why the log does not hold the heads exported earlier ({@link dev.tejun.kernel.proof.HeadExport}), or null when
     * it does: each must still be there with the same hash, and carry a MAC of this key. Catches the whole log, or its
     * tail, deleted.
     */
    static String exported(Connection c, ProofKey key, List<dev.tejun.kernel.proof.HeadExport.Head> exported)
            throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_log WHERE id = ?")) {
            for (dev.tejun.kernel.proof.HeadExport.Head h : exported) {
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
                        return "audit entry #" + h.id() + " is not the one exported at " + h.at() + " (hash differs)";
                    }
                }
            }
        }
        return null;
    }
}

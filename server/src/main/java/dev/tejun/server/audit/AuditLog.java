package dev.tejun.server.audit;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.KeyedHead;
import dev.tejun.kernel.proof.ProofKey;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The append-only audit log. Appends are serialised by the database (BEGIN IMMEDIATE), so the server and a CLI
 * beside it extend one chain; SQLite triggers refuse UPDATE and DELETE, and {@link #verify()} finds any row that
 * was changed or removed behind the triggers' back. Anyone who can write the file can drop the triggers and
 * recompute the hashes, so each entry's hash is also MACed with the {@link ProofKey} (column {@code mac}), and so
 * is the head, which records the last entry from before keying began ({@link KeyedHead}).
 *
 * <p>Nobody signed in can grow the log at will: every field is cut to a bound ({@link AuditFields}).
 */
public final class AuditLog {

    /** What to show: each filter may be null. */
    public record Filter(String user, String action, Instant from, Instant to, int limit) {}

    /**
     * The result of walking the chain: {@code ok}, or the first entry where it breaks and why; {@code notKeyed}
     * says which entries were written before keying began (null when none); {@code segments} how many archived
     * segments the walk began with ({@code entries} counts theirs too).
     */
    public record Verification(
            boolean ok, long entries, Long brokenAt, String problem, String notKeyed, int segments) {}

    private final Database db;
    private final Clock clock;
    private final AuditHead head;
    private final ProofKey key;
    private final HeadExport export;
    /** Told of each group of entries once it is committed (notifications read their events here). */
    private final List<java.util.function.Consumer<List<AuditEntry>>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** With the key of the database's folder (made if there is none) and no head export. */
    public AuditLog(Database db, Clock clock) {
        this(db, clock, ProofKey.open(db.file().toAbsolutePath().getParent()), HeadExport.NONE);
    }

    public AuditLog(Database db, Clock clock, ProofKey key, HeadExport export) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
        this.clock = clock;
        this.head = AuditHead.beside(db.file());
        this.key = key;
        this.export = export;
    }

    public AuditEntry append(
            String user, Via via, String action, String target, String outcome, String address, String detail) {
        return appendAll(List.of(new Draft(user, via, action, target, outcome, address, detail)))
                .getFirst();
    }

    /** One entry to append ({@link #appendAll}); each field is cut to its bound as it is written. */
    public record Draft(
            String user, Via via, String action, String target, String outcome, String address, String detail) {}

    /**
     * Appends the entries in order in one transaction, all or none (a group commit): the chain is read once, each
     * entry is hashed on the one before and MACed as a single append does, and the head file is written once, for
     * the last, still inside the transaction.
     */
    public List<AuditEntry> appendAll(List<Draft> drafts) {
        List<HeadExport.Head> due = new ArrayList<>();
        List<AuditEntry> written = db.write(c -> {
            due.clear(); // a retried transaction starts again
            db.lockFor("audit_log"); // another server on the same PostgreSQL must not read the same last hash
            List<AuditEntry> out = db.withStatement(c, INSERT, ps -> insert(ps, tip(db, c), drafts, due));
            if (!out.isEmpty()) {
                // Still inside the transaction: no other writer can append between the rows and their head.
                AuditEntry last = out.getLast();
                head.write(key.sign(ProofKey.AUDIT, Long.toString(last.id()), last.hash(), keyedAfter()));
            }
            return out;
        });
        due.forEach(export::send);
        for (var l : listeners) {
            try {
                l.accept(written);
            } catch (RuntimeException e) {
                // a listener's trouble is its own: the entries are written
            }
        }
        return written;
    }

    private static final String INSERT = "INSERT INTO audit_log (id, at, user_name, interface, action, "
            + "target, outcome, address, detail, prev_hash, hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Inserts {@code drafts} after {@code tip} through {@code ps}; the heads to export are added to {@code due}. */
    private List<AuditEntry> insert(PreparedStatement ps, Tip tip, List<Draft> drafts, List<HeadExport.Head> due)
            throws SQLException {
        long lastId = tip.id();
        String prev = tip.id() == 0 ? AuditEntry.GENESIS : tip.hash();
        List<AuditEntry> out = new ArrayList<>(drafts.size());
        for (Draft d : drafts) {
            AuditEntry entry = entry(lastId + 1, prev, d);
            ps.setLong(1, entry.id());
            ps.setString(2, entry.at().toString());
            ps.setString(3, entry.user());
            ps.setString(4, entry.iface());
            ps.setString(5, entry.action());
            ps.setString(6, entry.target());
            ps.setString(7, entry.outcome());
            ps.setString(8, entry.address());
            ps.setString(9, entry.detail());
            ps.setString(10, entry.prevHash());
            ps.setString(11, entry.hash());
            ps.setString(12, entry.mac());
            ps.addBatch();
            out.add(entry);
            if (export.due(entry.id())) {
                due.add(new HeadExport.Head(
                        ProofKey.AUDIT, Long.toString(entry.id()), entry.hash(), entry.mac(), entry.at()));
            }
            lastId = entry.id();
            prev = entry.hash();
        }
        ps.executeBatch(); // one round trip to PostgreSQL for the lot
        return out;
    }

    /** {@code listener} is told of the entries of each append after they are committed, on the appending thread. */
    public void listen(java.util.function.Consumer<List<AuditEntry>> listener) {
        listeners.add(listener);
    }

    /** The entry {@code d} becomes as number {@code id} after the entry whose hash is {@code prev}. */
    private AuditEntry entry(long id, String prev, Draft d) {
        AuditFields f = AuditFields.cut(
                d.user(),
                d.via() == null ? null : d.via().wire(),
                d.action(),
                d.target(),
                d.outcome(),
                d.address(),
                d.detail());
        AuditEntry draft = new AuditEntry(
                id,
                clock.instant(),
                f.user(),
                f.iface(),
                f.action(),
                f.target(),
                f.outcome(),
                f.address(),
                f.detail(),
                prev,
                null,
                null);
        String hash = draft.computeHash();
        return draft.proven(hash, key.mac(ProofKey.AUDIT, Long.toString(id), hash));
    }

    /**
     * The last entry from before keying began, as the head says. A head that is missing, or not keyed although
     * the key exists (stripped), does not get to move that point: then every entry must be keyed ("0").
     */
    private String keyedAfter() {
        String known = keyedAfter;
        if (known == null) {
            try {
                known = head.read()
                        .filter(KeyedHead::keyed)
                        .map(KeyedHead::after)
                        .orElse("0");
            } catch (IOException unreadable) {
                known = "0";
            }
            keyedAfter = known;
        }
        return known;
    }

    /**
     * {@link #keyedAfter()} once read: read at the first append (inside its transaction) and kept, since every head
     * any writer of this chain writes carries the same value on; the appends of a busy server read no file.
     */
    private volatile String keyedAfter;

    /** Matching entries, newest first, at most {@code f.limit()}. */
    public List<AuditEntry> query(Filter f) {
        return query(f, Long.MAX_VALUE);
    }

    /** As {@link #query(Filter)}, of the entries older than {@code beforeId}: the next page of a list. */
    public List<AuditEntry> query(Filter f, long beforeId) {
        return page(f, beforeId, Math.max(1, Math.min(f.limit(), 100_000)));
    }

    /**
     * Matching entries, newest first, at most {@code f.limit()}, handed to {@code sink} a thousand at a time: the
     * database is held only while a page is read, not while a slow client takes the export.
     */
    public void forEach(Filter f, java.util.function.Consumer<AuditEntry> sink) {
        int left = Math.max(1, Math.min(f.limit(), 1_000_000));
        long before = Long.MAX_VALUE;
        while (left > 0) {
            List<AuditEntry> page = page(f, before, Math.min(left, 1000));
            page.forEach(sink);
            if (page.size() < Math.min(left, 1000)) {
                return;
            }
            left -= page.size();
            before = page.getLast().id();
        }
    }

    private List<AuditEntry> page(Filter f, long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE id < ").append(beforeId);
        List<String> args = new ArrayList<>();
        if (f.user() != null) {
            sql.append(" AND user_name = ?");
            args.add(f.user());
        }
        if (f.action() != null) {
            sql.append(" AND action LIKE ?");
            args.add(f.action().replace("%", "") + "%");
        }
        if (f.from() != null) {
            sql.append(" AND at >= ?");
            args.add(f.from().toString());
        }
        if (f.to() != null) {
            sql.append(" AND at < ?");
            args.add(f.to().toString());
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(limit);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                List<AuditEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(entry(rs));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Walks the whole chain in id order — the archived segments ({@link AuditArchive}), then the table — where each
     * hash must match its entry, each entry must name the one before, and each entry after keying began must carry
     * a MAC of its hash; then compares the last entry with the head file, which catches the newest entries deleted,
     * and checks the head's own MAC ({@link AuditVerify}). It runs with the writers, not beside them: an append
     * writes the head file before its row commits, so a read beside it could see a head one entry ahead.
     */
    public Verification verify() {
        return db.write(c -> new AuditVerify(c, head, key, AuditArchive.folder(db)).run());
    }

    /**
     * Why the log does not hold the heads exported earlier ({@link HeadExport}), or null when it does
     * ({@link AuditVerify#exported}).
     */
    public String compareWithExport(List<HeadExport.Head> exported) {
        return db.read(c -> AuditVerify.exported(c, key, exported));
    }

    /** The entries after number {@code id}, oldest first, at most {@code limit}: for a reader that follows the log. */
    public List<AuditEntry> after(long id, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?")) {
                ps.setLong(1, id);
                ps.setInt(2, limit);
                List<AuditEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(entry(rs));
                    }
                }
                return out;
            }
        });
    }

    public Optional<AuditEntry> last() {
        List<AuditEntry> one = query(new Filter(null, null, null, null, 1));
        return one.isEmpty() ? Optional.empty() : Optional.of(one.getFirst());
    }

    /** The newest entry's id and hash: id 0 and no hash when the log is empty. */
    record Tip(long id, String hash) {}

    static Tip tip(Database db, Connection c) throws SQLException {
        return db.withStatement(c, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Tip(rs.getLong(1), rs.getString(2)) : new Tip(0, null);
            }
        });
    }

    static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(
                rs.getLong("id"),
                Instant.parse(rs.getString("at")),
                rs.getString("user_name"),
                rs.getString("interface"),
                rs.getString("action"),
                rs.getString("target"),
                rs.getString("outcome"),
                rs.getString("address"),
                rs.getString("detail"),
                rs.getString("prev_hash"),
                rs.getString("hash"),
                rs.getString("mac"));
    }
}

package dev.tejun.server.audit;

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
 * was changed or removed behind the triggers' back.
 */
public final class AuditLog {

    /** What to show: each filter may be null. */
    public record Filter(String user, String action, Instant from, Instant to, int limit) {
    }

    /** The result of walking the chain: {@code ok}, or the first entry where it breaks and why. */
    public record Verification(boolean ok, long entries, Long brokenAt, String problem) {
    }

    private final ServerDatabase db;
    private final Clock clock;
    private final AuditHead head;

    public AuditLog(ServerDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.head = AuditHead.beside(db.file());
    }

    public AuditEntry append(String user, String iface, String action, String target, String outcome,
                             String address, String detail) {
        return db.inTransaction(c -> {
            long lastId = 0;
            String prev = AuditEntry.GENESIS;
            try (ResultSet rs = c.createStatement().executeQuery("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")) {
                if (rs.next()) {
                    lastId = rs.getLong(1);
                    prev = rs.getString(2);
                }
            }
            AuditEntry draft = new AuditEntry(lastId + 1, clock.instant(), user, iface, action, cut(target, 1000),
                    outcome, address, detail, prev, null);
            AuditEntry entry = new AuditEntry(draft.id(), draft.at(), user, iface, action, draft.target(), outcome,
                    address, detail, prev, draft.computeHash());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (id, at, user_name, interface, action, "
                    + "target, outcome, address, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, entry.id());
                ps.setString(2, entry.at().toString());
                ps.setString(3, user);
                ps.setString(4, iface);
                ps.setString(5, action);
                ps.setString(6, entry.target());
                ps.setString(7, outcome);
                ps.setString(8, address);
                ps.setString(9, detail);
                ps.setString(10, prev);
                ps.setString(11, entry.hash());
                ps.executeUpdate();
            }
            // Still inside the transaction: no other writer can append between the row and its head.
            head.write(entry.id(), entry.hash());
            return entry;
        });
    }

    /** Matching entries, newest first, at most {@code f.limit()}. */
    public List<AuditEntry> query(Filter f) {
        return page(f, Long.MAX_VALUE, Math.max(1, Math.min(f.limit(), 100_000)));
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
        return db.with(c -> {
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
     * Walks the whole chain in id order (each hash must match its row, each row must name the one before), then
     * compares the last row with the head file, which catches the newest rows deleted.
     */
    public Verification verify() {
        return db.with(c -> {
            Verification chain = verifyChain(c);
            if (!chain.ok()) {
                return chain;
            }
            long lastId = 0;
            String lastHash = null;
            try (ResultSet rs = c.createStatement().executeQuery("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")) {
                if (rs.next()) {
                    lastId = rs.getLong(1);
                    lastHash = rs.getString(2);
                }
            }
            String problem = head.compare(lastId, lastHash);
            return problem == null ? chain : new Verification(false, chain.entries(), lastId + 1, problem);
        });
    }

    private static Verification verifyChain(Connection c) throws SQLException {
        String prev = AuditEntry.GENESIS;
        long expectedId = 1;
        long count = 0;
        try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM audit_log ORDER BY id")) {
            while (rs.next()) {
                AuditEntry e = entry(rs);
                count++;
                if (e.id() != expectedId) {
                    return new Verification(false, count, expectedId, "entry " + expectedId + " is missing (next is "
                            + e.id() + ")");
                }
                if (!e.prevHash().equals(prev)) {
                    return new Verification(false, count, e.id(), "entry " + e.id()
                            + " does not follow the entry before it (prev_hash differs)");
                }
                if (!e.computeHash().equals(e.hash())) {
                    return new Verification(false, count, e.id(), "entry " + e.id() + " was changed (hash differs)");
                }
                prev = e.hash();
                expectedId++;
            }
        }
        return new Verification(true, count, null, null);
    }

    public Optional<AuditEntry> last() {
        List<AuditEntry> one = query(new Filter(null, null, null, null, 1));
        return one.isEmpty() ? Optional.empty() : Optional.of(one.getFirst());
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(rs.getLong("id"), Instant.parse(rs.getString("at")), rs.getString("user_name"),
                rs.getString("interface"), rs.getString("action"), rs.getString("target"), rs.getString("outcome"),
                rs.getString("address"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}

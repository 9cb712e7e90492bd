package dev.tejun.server.audit;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.proof.ProofKey;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Moves the oldest audit entries out of the table into signed segment files ({@link AuditSegment}) in
 * {@code DATA/audit-archive/}, so the log's table stays bounded while the proof is kept. A segment is written and
 * flushed to disk, registered in {@code audit_archive} and its entries deleted, all inside one write transaction
 * that holds the audit chain's lock: the delete trigger lets the entries go only because the register's mark now
 * covers them, and an append waits until it is done. The newest entry always stays in the table, so the head file
 * ({@link AuditHead}) still has a row to match.
 */
public final class AuditArchive {

    /** The folder of the segments, in the data folder. */
    public static final String FOLDER = "audit-archive";

    /** At most this many entries in one segment (and one transaction). */
    static final int SEGMENT_MAX = 100_000;

    /** A registered segment: its header as the register holds it, and the SHA-256 its file had when written. */
    public record Registered(AuditSegment segment, String fileSha256) {}

    private final Database db;
    private final ProofKey key;
    private final Clock clock;
    private final Path dir;

    public AuditArchive(Database db, ProofKey key, Clock clock) {
        this.db = db;
        this.key = key;
        this.clock = clock;
        this.dir = folder(db);
    }

    /** Where the segments of {@code db}'s audit log are. */
    static Path folder(Database db) {
        return db.folder().resolve(FOLDER);
    }

    public Path folder() {
        return dir;
    }

    /**
     * Archives, oldest first, the entries written before {@code before} (never the newest entry), in segments of at
     * most {@link #SEGMENT_MAX}. A stretch that does not continue the chain is not archived: the error names it.
     */
    public List<Registered> archive(Instant before) {
        List<Registered> done = new ArrayList<>();
        for (Optional<Registered> s = archiveOne(before); s.isPresent(); s = archiveOne(before)) {
            done.add(s.get());
        }
        return done;
    }

    /** The registered segments, oldest first. */
    public List<Registered> segments() {
        return db.read(AuditArchive::segments);
    }

    static List<Registered> segments(Connection c) throws SQLException {
        List<Registered> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM audit_archive ORDER BY last_id")) {
            while (rs.next()) {
                out.add(new Registered(
                        new AuditSegment(
                                AuditSegment.FORMAT,
                                rs.getLong("first_id"),
                                rs.getLong("last_id"),
                                rs.getString("first_prev_hash"),
                                rs.getString("last_hash"),
                                rs.getLong("entries"),
                                Instant.parse(rs.getString("archived_at")),
                                rs.getString("key_id"),
                                rs.getString("mac")),
                        rs.getString("file_sha256")));
            }
        }
        return out;
    }

    private Optional<Registered> archiveOne(Instant before) {
        return db.write(c -> {
            db.lockFor("audit_log"); // no append between the read of the stretch and its delete
            List<Registered> segments = segments(c);
            long mark = segments.isEmpty() ? 0 : segments.getLast().segment().lastId();
            String markHash = segments.isEmpty()
                    ? AuditEntry.GENESIS
                    : segments.getLast().segment().lastHash();
            long newest;
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT MAX(id) FROM audit_log")) {
                newest = rs.next() ? rs.getLong(1) : 0;
            }
            try {
                return archiveStretch(c, mark, markHash, newest, before);
            } catch (IOException e) {
                throw new UncheckedIOException("audit log not archived: cannot write to " + dir, e);
            }
        });
    }

    private Optional<Registered> archiveStretch(Connection c, long mark, String markHash, long newest, Instant before)
            throws SQLException, IOException {
        Files.createDirectories(dir);
        Path body = Files.createTempFile(dir, ".body-", ".tmp");
        try {
            AuditChainWalk walk = new AuditChainWalk(key, -1, mark + 1, markHash);
            long count = stretch(c, mark, newest, before, walk, body);
            if (count == 0) {
                return Optional.<Registered>empty();
            }
            AuditSegment header =
                    AuditSegment.signed(key, mark + 1, walk.lastId(), markHash, walk.lastHash(), clock.instant());
            String sha = writeSegment(header, body);
            register(c, header, sha);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit_log WHERE id <= ?")) {
                ps.setLong(1, header.lastId());
                ps.executeUpdate();
            }
            return Optional.of(new Registered(header, sha));
        } finally {
            Files.deleteIfExists(body);
        }
    }

    /**
     * Writes the entries after {@code mark} written before {@code before} (at most {@link #SEGMENT_MAX}, never
     * {@code newest}) to {@code body}, one JSON line each, walking the chain as it goes. Answers how many.
     */
    private static long stretch(Connection c, long mark, long newest, Instant before, AuditChainWalk walk, Path body)
            throws SQLException, IOException {
        long count = 0;
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT * FROM audit_log WHERE id > ? AND id < ? ORDER BY id LIMIT ?");
                OutputStream out = Files.newOutputStream(body)) {
            ps.setLong(1, mark);
            ps.setLong(2, newest);
            ps.setInt(3, SEGMENT_MAX);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AuditEntry e = AuditLog.entry(rs);
                    if (!e.at().isBefore(before)) {
                        break; // the chain is archived as a prefix: the first entry at or after the date ends it
                    }
                    String problem = walk.step(e);
                    if (problem != null) {
                        throw new IllegalStateException(
                                "audit log not archived: " + problem + "; run tejun audit verify");
                    }
                    out.write(AuditSegment.line(e).getBytes(StandardCharsets.UTF_8));
                    count++;
                }
            }
        }
        return count;
    }

    /** Header and body into the segment's file, on disk before the rows go: answers the file's SHA-256. */
    private String writeSegment(AuditSegment header, Path body) throws IOException {
        Path file = dir.resolve(header.fileName());
        Path part = dir.resolve("." + header.fileName() + ".part");
        MessageDigest sha = AuditSegment.sha256();
        try (FileOutputStream out = new FileOutputStream(part.toFile())) {
            byte[] head = AuditSegment.line(header).getBytes(StandardCharsets.UTF_8);
            sha.update(head);
            out.write(head);
            byte[] buf = new byte[1 << 16];
            try (var in = Files.newInputStream(body)) {
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            out.getFD().sync();
        }
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void register(Connection c, AuditSegment s, String sha) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_archive (last_id, first_id, first_prev_hash,"
                + " last_hash, entries, file, file_sha256, archived_at, key_id, mac)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, s.lastId());
            ps.setLong(2, s.firstId());
            ps.setString(3, s.firstPrevHash());
            ps.setString(4, s.lastHash());
            ps.setLong(5, s.entries());
            ps.setString(6, s.fileName());
            ps.setString(7, sha);
            ps.setString(8, s.archivedAt().toString());
            ps.setString(9, s.keyId());
            ps.setString(10, s.mac());
            ps.executeUpdate();
        }
    }
}

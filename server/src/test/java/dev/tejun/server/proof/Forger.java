package dev.tejun.server.proof;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.Dialect;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditVerifyCommand;
import dev.tejun.server.evidence.EvidenceVerifyCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What someone who can write the data folder but cannot read {@code proof.key} does: plain JDBC and file writes,
 * every hash recomputed the way Tejun computes it, the head files rewritten. The real verify commands judge it.
 */
final class Forger {

    record Verdict(int code, String out, String err) {}

    private Forger() {}

    /** {@code tejun audit verify [--against FILE]}. */
    static Verdict auditVerify(Path data, Path against) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AuditVerifyCommand.run(
                TestDatabases.settings(data), against, new PrintStream(out, true), new PrintStream(err, true));
        return new Verdict(code, out.toString(), err.toString());
    }

    /** {@code tejun evidence verify [--against FILE]}. */
    static Verdict evidenceVerify(Path data, Path against) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EvidenceVerifyCommand.run(
                data.resolve("evidence"), null, against, new PrintStream(out, true), new PrintStream(err, true));
        return new Verdict(code, out.toString(), err.toString());
    }

    /**
     * Drops the triggers, runs {@code change} on the table, then recomputes every entry's chain hash and writes the
     * head file in the form {@code ID HASH} that an unkeyed log used.
     */
    static void rewriteAudit(Path data, String change) throws Exception {
        String head;
        try (Database db = TestDatabases.open(data)) {
            head = db.write(c -> rewriteAudit(c, db.dialect(), change));
        }
        Files.writeString(data.resolve("audit-head"), head);
    }

    /** The change made and every chain hash recomputed; answers the head line an unkeyed log had. */
    private static String rewriteAudit(Connection c, Dialect dialect, String change) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (dialect == Dialect.POSTGRESQL) {
                st.executeUpdate("DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log"); // UPDATE and DELETE
            } else {
                st.executeUpdate("DROP TRIGGER IF EXISTS audit_log_no_update");
                st.executeUpdate("DROP TRIGGER IF EXISTS audit_log_no_delete");
            }
            st.executeUpdate(change);
            List<AuditEntry> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT * FROM audit_log ORDER BY id")) {
                while (rs.next()) {
                    rows.add(new AuditEntry(
                            rs.getLong("id"),
                            Instant.parse(rs.getString("at")),
                            rs.getString("user_name"),
                            rs.getString("interface"),
                            rs.getString("action"),
                            rs.getString("target"),
                            rs.getString("outcome"),
                            rs.getString("address"),
                            rs.getString("detail"),
                            null,
                            null,
                            null));
                }
            }
            String prev = AuditEntry.GENESIS;
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?")) {
                for (AuditEntry r : rows) {
                    String hash = new AuditEntry(
                                    r.id(),
                                    r.at(),
                                    r.user(),
                                    r.iface(),
                                    r.action(),
                                    r.target(),
                                    r.outcome(),
                                    r.address(),
                                    r.detail(),
                                    prev,
                                    null,
                                    null)
                            .computeHash();
                    ps.setString(1, prev);
                    ps.setString(2, hash);
                    ps.setLong(3, r.id());
                    ps.executeUpdate();
                    prev = hash;
                }
            }
            return rows.getLast().id() + " " + prev + "\n";
        }
    }

    /** Replaces a file of the newest run, rehashes its manifest and points {@code CHAIN} at the new manifest hash. */
    static void rewriteNewestRun(Path data, String file, String content) throws Exception {
        Path root = data.resolve("evidence");
        String runId = Files.readString(root.resolve("CHAIN")).strip().split(" ")[0];
        Path dir = root.resolve(runId);
        Files.writeString(dir.resolve(file), content);
        String manifest = Files.readString(dir.resolve("manifest.json"));
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(f).toString();
                if (!rel.startsWith("manifest.")) {
                    hashes.put(rel, sha256(Files.readAllBytes(f)));
                }
            }
        }
        for (Map.Entry<String, String> h : hashes.entrySet()) {
            manifest = manifest.replaceAll(
                    "(\"" + java.util.regex.Pattern.quote(h.getKey()) + "\" : \")[0-9a-f]{64}", "$1" + h.getValue());
        }
        Files.writeString(dir.resolve("manifest.json"), manifest);
        Files.writeString(root.resolve("CHAIN"), runId + " " + sha256(manifest.getBytes()) + "\n");
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

package dev.tejun.server.backup;

import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.kernel.proof.ProofKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL store's part of a backup and a restore, through PostgreSQL's own tools ({@code pg_dump},
 * {@code pg_restore}, Debian's {@code postgresql-client}). The moment is taken as for SQLite: while the audit log's
 * lock is held (appends wait) a snapshot is exported from a transaction of its own and the audit head file copied,
 * so the head names the newest entry of that snapshot; then {@code pg_dump --snapshot} reads exactly that
 * snapshot while the transaction stays open, and nobody waits for the dump.
 */
final class PostgresDump implements AutoCloseable {

    /** The dump's name in the archive (pg_dump's custom format). */
    static final String FILE = "tejun.pgdump";

    /** Longer than any dump of a store this size should take; a dump past it is stopped and the backup fails. */
    private static final long TOOL_LIMIT_MINUTES = 60;

    private final DatabaseSettings settings;
    private final Connection holder;
    private final String snapshot;

    private PostgresDump(DatabaseSettings settings, Connection holder, String snapshot) {
        this.settings = settings;
        this.holder = holder;
        this.snapshot = snapshot;
    }

    /**
     * Takes the moment of the backup: exports a snapshot while appends to the audit log wait, and copies the audit
     * head of that moment into {@code staging}. The caller dumps ({@link #dump}) and closes.
     */
    static PostgresDump at(DatabaseSettings s, Path staging) throws SQLException, IOException {
        Connection holder = connect(s);
        try (Connection lock = connect(s)) {
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(hashtext('audit_log'))"); // as AuditLog's appends take it
            }
            holder.setAutoCommit(false);
            holder.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            String id;
            try (Statement st = holder.createStatement();
                    ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                id = rs.getString(1);
            }
            Path head = s.home().resolve(ProofKey.AUDIT_HEAD);
            if (Files.exists(head)) {
                Files.copy(head, staging.resolve(ProofKey.AUDIT_HEAD));
            }
            lock.rollback();
            return new PostgresDump(s, holder, id);
        } catch (SQLException | IOException | RuntimeException e) {
            holder.close();
            throw e;
        }
    }

    /** Writes the snapshot's dump to {@code staging/}{@link #FILE}. */
    void dump(Path staging) throws IOException {
        run(
                settings,
                List.of(
                        "pg_dump",
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        "--snapshot=" + snapshot,
                        "--file=" + staging.resolve(FILE)));
    }

    @Override
    public void close() throws SQLException {
        try {
            holder.rollback();
        } finally {
            holder.close();
        }
    }

    /**
     * Restores {@code dump} into the database {@code s} names, which must hold no table yet: restoring over a live
     * store would mix two histories.
     */
    static void restore(DatabaseSettings s, Path dump) throws IOException {
        try (Connection c = connect(s);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT COUNT(*) FROM information_schema.tables" + " WHERE table_schema = current_schema()")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                throw new IOException("the database " + s.where() + " is not empty (" + rs.getLong(1)
                        + " tables): restore only into an empty database");
            }
        } catch (SQLException e) {
            throw new IOException("cannot open the database " + s.where() + ": " + e.getMessage(), e);
        }
        run(
                s,
                List.of(
                        "pg_restore",
                        "--no-owner",
                        "--no-privileges",
                        "--exit-on-error",
                        "--single-transaction",
                        "--dbname=" + libpq(s).get("PGDATABASE"),
                        dump.toString()));
    }

    /** Runs a PostgreSQL tool with the connection in its environment (the password never on its command line). */
    private static void run(DatabaseSettings s, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(libpq(s));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(
                    command.getFirst() + " is needed for a PostgreSQL store and was not found"
                            + " (Debian: apt-get install postgresql-client, of the server's version or newer)",
                    e);
        }
        p.getOutputStream().close();
        byte[] said = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(TOOL_LIMIT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(command.getFirst() + " did not end within " + TOOL_LIMIT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(command.getFirst() + " was interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(command.getFirst() + " failed (exit " + p.exitValue() + "): "
                    + new String(said, StandardCharsets.UTF_8).strip());
        }
    }

    private static Connection connect(DatabaseSettings s) throws SQLException {
        Properties p = new Properties();
        if (s.user() != null) {
            p.setProperty("user", s.user());
        }
        if (s.password() != null) {
            p.setProperty("password", s.password());
        }
        return DriverManager.getConnection(s.url(), p);
    }

    /**
     * libpq's environment for the JDBC URL {@code jdbc:postgresql://host[:port][,host[:port]…]/database[?…]}: hosts,
     * ports, database, user, password and {@code sslmode}, as the PostgreSQL tools read them.
     */
    static Map<String, String> libpq(DatabaseSettings s) {
        String rest = s.url().substring("jdbc:postgresql:".length());
        if (!rest.startsWith("//")) {
            throw new IllegalArgumentException("a PostgreSQL URL with a host is needed here: " + s.where());
        }
        rest = rest.substring(2);
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        String path = q < 0 ? rest : rest.substring(0, q);
        int slash = path.indexOf('/');
        String authority = slash < 0 ? path : path.substring(0, slash);
        String database = slash < 0 ? "" : path.substring(slash + 1);
        List<String> hosts = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (String hp : authority.split(",")) {
            int colon = hp.lastIndexOf(':');
            boolean port = colon > 0 && !hp.endsWith("]");
            hosts.add((port ? hp.substring(0, colon) : hp).replace("[", "").replace("]", ""));
            ports.add(port ? hp.substring(colon + 1) : "5432");
        }
        Map<String, String> env = new java.util.HashMap<>();
        env.put("PGHOST", String.join(",", hosts));
        env.put("PGPORT", String.join(",", ports));
        env.put("PGDATABASE", java.net.URLDecoder.decode(database, StandardCharsets.UTF_8));
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            switch (key) {
                case "user" -> env.put("PGUSER", value);
                case "password" -> env.put("PGPASSWORD", value);
                case "sslmode" -> env.put("PGSSLMODE", value);
                default -> {
                    // the driver's own settings have no libpq counterpart the tools need
                }
            }
        }
        if (s.user() != null) {
            env.put("PGUSER", s.user());
        }
        if (s.password() != null) {
            env.put("PGPASSWORD", s.password());
        }
        return env;
    }
}

package dev.tejun.cmdb.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one schema-migration mechanism of the Tejun database. Each module keeps its migrations as classpath
 * resources in its own folder (e.g. {@code db/migration/cmdb}), with an {@code index.txt} listing the files,
 * one per line, named {@code V<n>__description.sql}. (A listed index, because a jar cannot be listed portably.)
 * {@link #apply} runs, in version order, every listed migration not yet recorded in {@code schema_migrations}
 * for that folder, each in its own transaction together with its record. A recorded migration whose text has
 * changed since it ran is refused: migrations are append-only, like the journal.
 *
 * <p>Other modules use it the same way: {@code Migrations.apply(connection, getClass().getClassLoader(),
 * "db/migration/kernel")}.
 */
public final class Migrations {

    private static final Pattern FILE = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    /** One applied or pending migration. */
    public record Migration(String location, int version, String name, String sha256) {
    }

    private Migrations() {
    }

    /** Applies pending migrations from {@code location}; returns the ones applied now. */
    public static List<Migration> apply(Connection connection, ClassLoader loader, String location) throws SQLException {
        createTable(connection);
        Map<Integer, String> applied = applied(connection, location);
        List<Migration> done = new ArrayList<>();
        for (Migration migration : listed(loader, location)) {
            String recorded = applied.get(migration.version());
            if (recorded != null) {
                if (!recorded.equals(migration.sha256())) {
                    throw new SQLException("migration " + location + "/V" + migration.version() + "__" + migration.name()
                            + " changed after it was applied; add a new migration instead");
                }
                continue;
            }
            run(connection, loader, migration);
            done.add(migration);
        }
        return done;
    }

    private static void createTable(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.executeUpdate("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                      location VARCHAR(200) NOT NULL,
                      version INTEGER NOT NULL,
                      name VARCHAR(200) NOT NULL,
                      sha256 VARCHAR(64) NOT NULL,
                      applied_at VARCHAR(40) NOT NULL,
                      PRIMARY KEY (location, version))""");
        }
    }

    private static Map<Integer, String> applied(Connection connection, String location) throws SQLException {
        Map<Integer, String> out = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT version, sha256 FROM schema_migrations WHERE location = ?")) {
            ps.setString(1, location);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    static List<Migration> listed(ClassLoader loader, String location) throws SQLException {
        String index = read(loader, location + "/index.txt");
        List<Migration> out = new ArrayList<>();
        for (String line : index.split("\r?\n")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            Matcher m = FILE.matcher(file);
            if (!m.matches()) {
                throw new SQLException("bad migration file name in " + location + "/index.txt: " + file);
            }
            String text = read(loader, location + "/" + file);
            out.add(new Migration(location, Integer.parseInt(m.group(1)), m.group(2), sha256(text)));
        }
        out.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).version() == out.get(i - 1).version()) {
                throw new SQLException("two migrations with version " + out.get(i).version() + " in " + location);
            }
        }
        return out;
    }

    private static void run(Connection connection, ClassLoader loader, Migration migration) throws SQLException {
        String text = read(loader, migration.location() + "/V" + migration.version() + "__" + migration.name() + ".sql");
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            for (String sql : SqlScript.statements(text)) {
                st.executeUpdate(sql);
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "INSERT INTO schema_migrations (location, version, name, sha256, applied_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, migration.location());
                ps.setInt(2, migration.version());
                ps.setString(3, migration.name());
                ps.setString(4, migration.sha256());
                ps.setString(5, Instant.now().toString());
                ps.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("migration " + migration.location() + " V" + migration.version() + " failed: "
                    + e.getMessage(), e);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String read(ClassLoader loader, String resource) throws SQLException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new SQLException("migration resource not found: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("cannot read " + resource, e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

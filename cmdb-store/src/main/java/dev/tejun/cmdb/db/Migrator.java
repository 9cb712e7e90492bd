package dev.tejun.cmdb.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;

/**
 * The one migration runner: Flyway over a {@link Schema}'s two folders (shared and dialect), with one history
 * table per schema. A migration that ran is never edited (Flyway refuses a changed checksum): add a new one.
 *
 * <p>Data folders made before Flyway recorded their migrations in {@code schema_migrations}. The first time such
 * a database meets Flyway, every legacy migration it lacks is run from the resources that replace it (the text
 * differs, the tables do not), and Flyway's history is started at the newest of those ("baseline"), so nothing
 * that ran runs again and nothing is lost. {@code schema_migrations} is left as it was.
 */
final class Migrator {

    private static final Pattern VERSION = Pattern.compile("V([0-9][0-9_.]*)__[^/]*\\.sql");
    private static final String LEGACY = "schema_migrations";

    static {
        // Flyway says "Migrating schema …" and "Schema is up to date" at INFO each time; a CLI run must not print
        // that. Warnings and errors still reach the JDK's logging, which every backend bridges.
        LogFactory.setLogCreator(Migrator::log);
    }

    private Migrator() {}

    static void migrate(DataSource db, Dialect dialect, Schema schema) throws SQLException {
        if (upToDate(db, schema)) {
            return;
        }
        Flyway flyway = Flyway.configure(schema.loader())
                .dataSource(db)
                .locations("classpath:" + schema.location(), "classpath:" + schema.location(dialect))
                .table(schema.historyTable())
                .placeholders(dialect.placeholders())
                .validateMigrationNaming(true)
                // the schemas share one schema (SQLite's "main", PostgreSQL's current one): another module's tables
                // there are no reason to refuse, so a set meeting them starts its history below its first migration
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("migrations recorded in " + LEGACY)
                .load();
        try {
            String baseline = bridgeLegacy(db, dialect, schema);
            if (baseline != null) {
                Flyway.configure(schema.loader())
                        .configuration(flyway.getConfiguration())
                        .baselineVersion(MigrationVersion.fromVersion(baseline))
                        .load()
                        .baseline();
            }
            flyway.migrate();
        } catch (FlywayException e) {
            throw new SQLException("migrating " + schema.location() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the schema's history ends at {@link Schema#latest} with no failed migration: then there is nothing
     * for Flyway to do, and it is not started. (Flyway would also compare checksums; an edited migration is caught
     * the next time a new one is applied, and by the tests on every build.) A history past it was written by a newer
     * Tejun: refused, since Flyway would ignore the migrations it does not know and this version would then write
     * tables it does not understand (a silent downgrade).
     */
    static boolean upToDate(DataSource db, Schema schema) throws SQLException {
        try (Connection c = db.getConnection()) {
            if (!tableExists(c, schema.historyTable())) {
                return false;
            }
            String newest = null;
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT version, success FROM " + schema.historyTable())) {
                while (rs.next()) {
                    if (!rs.getBoolean(2)) {
                        return false;
                    }
                    String v = rs.getString(1);
                    newest = v != null && (newest == null || compareVersions(v, newest) > 0) ? v : newest;
                }
            }
            if (newest != null && compareVersions(newest, schema.latest()) > 0) {
                throw new SQLException("this database was written by a newer Tejun: its " + schema.name()
                        + " schema is at version " + newest + ", this Tejun knows versions up to " + schema.latest()
                        + "; run the newer Tejun on it, or restore a backup made by this version (tejun db info lists"
                        + " what was applied)");
            }
            return newest != null && compareVersions(newest, schema.latest()) == 0;
        }
    }

    static int compareVersions(String a, String b) {
        return Schema.compareVersions(a, b);
    }

    /**
     * For a database the pre-Flyway runner migrated and Flyway has not seen: runs the legacy migrations it lacks
     * and answers the version to start Flyway's history at; null when there is nothing to bridge.
     */
    private static String bridgeLegacy(DataSource db, Dialect dialect, Schema schema) throws SQLException {
        if (schema.legacy().isEmpty() || dialect != Dialect.SQLITE) {
            return null; // the pre-Flyway runner knew SQLite only
        }
        try (Connection c = db.getConnection()) {
            if (tableExists(c, schema.historyTable()) || !tableExists(c, LEGACY)) {
                return null;
            }
            Set<String> recorded = recorded(c);
            if (schema.legacy().stream().noneMatch(l -> recorded.contains(l.location() + "#" + l.version()))) {
                return null; // the old runner never touched this schema here: Flyway makes it from the start
            }
            MigrationVersion newest = null;
            for (Schema.Legacy step : schema.legacy()) {
                if (!recorded.contains(step.location() + "#" + step.version())) {
                    runLegacy(c, dialect, schema, step);
                }
                for (String resource : step.resources()) {
                    MigrationVersion v = version(resource);
                    newest = newest == null || v.compareTo(newest) > 0 ? v : newest;
                }
            }
            return newest == null ? null : newest.getVersion();
        }
    }

    private static Set<String> recorded(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT location, version FROM " + LEGACY)) {
            while (rs.next()) {
                out.add(rs.getString(1) + "#" + rs.getInt(2));
            }
        }
        return out;
    }

    /** Runs one missing legacy migration from its replacements and records it the old way, in one transaction. */
    private static void runLegacy(Connection c, Dialect dialect, Schema schema, Schema.Legacy step)
            throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String resource : step.resources()) {
                for (String sql : SqlScript.statements(dialect.expand(read(schema.loader(), resource)))) {
                    st.executeUpdate(sql);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + LEGACY
                    + " (location, version, name, sha256, applied_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, step.location());
                ps.setInt(2, step.version());
                ps.setString(3, "bridged");
                ps.setString(4, "-");
                ps.setString(5, Instant.now().toString());
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException(
                    "legacy migration " + step.location() + " V" + step.version() + " failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
            return rs.next();
        }
    }

    static MigrationVersion version(String resource) throws SQLException {
        Matcher m = VERSION.matcher(resource.substring(resource.lastIndexOf('/') + 1));
        if (!m.matches()) {
            throw new SQLException("not a versioned migration: " + resource);
        }
        return MigrationVersion.fromVersion(m.group(1).replace('_', '.'));
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

    private static Log log(Class<?> source) {
        System.Logger jdk = System.getLogger(source.getName());
        return new Log() {
            @Override
            public boolean isDebugEnabled() {
                return false;
            }

            @Override
            public void debug(String message) {
                // not wanted
            }

            @Override
            public void info(String message) {
                jdk.log(System.Logger.Level.DEBUG, message);
            }

            @Override
            public void warn(String message) {
                jdk.log(System.Logger.Level.WARNING, message);
            }

            @Override
            public void error(String message) {
                jdk.log(System.Logger.Level.ERROR, message);
            }

            @Override
            public void error(String message, Exception e) {
                jdk.log(System.Logger.Level.ERROR, message, e);
            }

            @Override
            public void notice(String message) {
                jdk.log(System.Logger.Level.DEBUG, message);
            }
        };
    }
}

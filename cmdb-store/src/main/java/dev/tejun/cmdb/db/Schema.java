package dev.tejun.cmdb.db;

import java.util.List;

/**
 * One module's ordered set of migrations: {@code db/migration/<name>} (SQL both backends accept) plus
 * {@code db/dialect/<dialect>/<name>} (what must differ, e.g. the append-only triggers), merged into one version
 * order by Flyway and recorded in the table {@code schema_history_<name>}.
 *
 * <p>{@code legacy} says how the data folders made before Flyway map onto it: those recorded each migration in
 * {@code schema_migrations} by (location, version); each step names the resources of this set that did what that
 * migration did. See {@link Database#migrate}.
 *
 * @param loader where the module's resources are (its own class loader)
 * @param latest the newest migration's version, e.g. {@code "16"} or {@code "3.1"}: a database whose history ends
 *               there is up to date without starting Flyway (which costs a CLI start half a second). Raise it with
 *               each new migration; a test compares it with what Flyway applies to a new database
 *               ({@code LegacyDataFolderTest} in the server).
 */
public record Schema(String name, ClassLoader loader, String latest, List<Legacy> legacy) {

    /** One migration of the pre-Flyway runner and the resources (paths under the class loader) that replace it. */
    public record Legacy(String location, int version, List<String> resources) {

        public Legacy(String location, int version, String... resources) {
            this(location, version, List.of(resources));
        }
    }

    public Schema {
        if (!name.matches("[a-z][a-z0-9_]{0,30}")) {
            throw new IllegalArgumentException("bad schema name " + name);
        }
        legacy = List.copyOf(legacy);
    }

    /** The migrations both backends share. */
    public String location() {
        return "db/migration/" + name;
    }

    /** The migrations of one dialect only. */
    public String location(Dialect dialect) {
        return "db/dialect/" + dialect.folder() + "/" + name;
    }

    /** The table Flyway records this schema's migrations in. */
    public String historyTable() {
        return "schema_history_" + name;
    }

    /** Flyway's order of versions ("2" < "2.1" < "13"), without loading Flyway. */
    public static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }
}

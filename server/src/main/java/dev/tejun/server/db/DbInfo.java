package dev.tejun.server.db;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.Schema;
import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tejun db info}: the migrations applied to the database, per module, each with its version, what it did,
 * when and whether it succeeded, and how the newest compares with what this Tejun knows: up to date, behind (the
 * next start migrates it) or newer (written by a newer Tejun, which this one refuses to start on). Reads only: it
 * migrates nothing.
 */
final class DbInfo {

    /** One applied migration as the schema's history table has it. */
    record Applied(String version, String description, String installedOn, boolean success) {}

    private DbInfo() {}

    /** Prints the history of every schema in {@code db}; answers 0, or 1 when the database is newer than this Tejun. */
    static int print(Database db, List<Schema> schemas, PrintStream out) {
        out.println("database: " + db.where());
        boolean newer = false;
        for (Schema schema : schemas) {
            List<Applied> applied = applied(db, schema);
            String newest = null;
            for (Applied a : applied) {
                if (a.success()
                        && a.version() != null
                        && (newest == null || Schema.compareVersions(a.version(), newest) > 0)) {
                    newest = a.version();
                }
            }
            String state;
            if (newest == null) {
                state = "no migration applied (the next start makes it)";
            } else if (Schema.compareVersions(newest, schema.latest()) > 0) {
                state = "NEWER than this Tejun knows (" + schema.latest() + "): written by a newer version, refused";
                newer = true;
            } else if (Schema.compareVersions(newest, schema.latest()) < 0) {
                state = "behind this Tejun (" + schema.latest() + "): the next start migrates it";
            } else {
                state = "up to date";
            }
            out.println(schema.name() + ": version " + (newest == null ? "-" : newest) + ", " + state);
            for (Applied a : applied) {
                out.println("  " + (a.version() == null ? "-" : "V" + a.version()) + "  " + a.description() + "  "
                        + a.installedOn() + (a.success() ? "" : "  FAILED"));
            }
        }
        return newer ? 1 : 0;
    }

    /** The rows of {@code schema}'s history table, in the order they were applied; none when it has no table. */
    static List<Applied> applied(Database db, Schema schema) {
        return db.read(c -> {
            List<Applied> out = new ArrayList<>();
            try (ResultSet t = c.getMetaData().getTables(null, null, schema.historyTable(), null)) {
                if (!t.next()) {
                    return out;
                }
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT version, description, installed_on, success FROM "
                            + schema.historyTable() + " ORDER BY installed_rank")) {
                while (rs.next()) {
                    out.add(new Applied(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)));
                }
            }
            return out;
        });
    }
}

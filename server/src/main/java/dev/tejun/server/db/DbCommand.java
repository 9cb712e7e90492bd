package dev.tejun.server.db;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseException;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.db.Schema;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.ServerSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code tejun db info} ({@link DbInfo}) and {@code tejun db migrate-to postgresql}, which copies the data folder's SQLite database into the PostgreSQL database the
 * environment names ({@code TEJUN_DATABASE_URL}, …, as the server reads them), which must be empty. Both are
 * migrated to this release first; then every table is copied in one transaction, the row counts compared, and the
 * audit chain verified on PostgreSQL with the data folder's key and head. The SQLite file is left as it was.
 * Exit 0 when all is copied and verified, 1 when refused or not intact, 2 for a usage error.
 */
public final class DbCommand {

    /** Usage lines, indented to follow {@code usage: } in Main's text. */
    public static final String USAGE = "       tejun db info                    (the migrations applied, per module)\n"
            + "       tejun db migrate-to postgresql   (the target: $TEJUN_DATABASE_URL, "
            + "_USER, _PASSWORD or _PASSWORD_FILE)";

    /** Every module's migrations, in the order the modules depend on each other. */
    static final List<Schema> SCHEMAS = List.of(CmdbStore.SCHEMA, FlowStore.SCHEMA, ServerSchema.SCHEMA);

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;
    private final Map<String, String> env;

    public DbCommand(PrintStream out, PrintStream err, Path home, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.home = home;
        this.env = env;
    }

    /** Returns the exit code; {@code words} follow {@code db}. */
    public int run(List<String> words) {
        if (words.equals(List.of("info"))) {
            return info();
        }
        if (words.size() != 2
                || !words.get(0).equals("migrate-to")
                || !words.get(1).equals("postgresql")) {
            err.println("usage: tejun db info | tejun db migrate-to postgresql");
            return 2;
        }
        DatabaseSettings target;
        try {
            target = DatabaseSettings.from(env, home);
        } catch (IllegalArgumentException e) {
            err.println("tejun db: " + e.getMessage());
            return 2;
        }
        if (!target.postgresql()) {
            err.println("tejun db: set " + DatabaseSettings.URL + " (jdbc:postgresql://HOST:5432/DB) to the empty "
                    + "PostgreSQL database to copy into");
            return 2;
        }
        DatabaseSettings source = DatabaseSettings.sqlite(home);
        if (!Files.isRegularFile(source.sqliteFile())) {
            err.println("tejun db: no SQLite database at " + source.sqliteFile());
            return 1;
        }
        try (Database from = Database.open(source);
                Database to = Database.open(target)) {
            for (Schema schema : SCHEMAS) {
                from.migrate(schema);
                to.migrate(schema);
            }
            long rows = 0;
            for (StoreCopy.Copied copied : StoreCopy.copy(from, to)) {
                out.println("  " + copied.table() + ": " + copied.rows() + " rows");
                rows += copied.rows();
            }
            out.println("copied " + rows + " rows from " + source.where() + " to " + target.where());
            return verifyAudit(to);
        } catch (DatabaseException e) {
            err.println("tejun db: nothing copied: " + e.getMessage());
            return 1;
        }
    }

    /** {@code db info} on the database the environment names (SQLite in the data folder when none). */
    private int info() {
        DatabaseSettings settings;
        try {
            settings = DatabaseSettings.from(env, home);
        } catch (IllegalArgumentException e) {
            err.println("tejun db: " + e.getMessage());
            return 2;
        }
        if (!settings.postgresql() && !Files.isRegularFile(settings.sqliteFile())) {
            err.println("tejun db: no database at " + settings.sqliteFile());
            return 1;
        }
        try (Database db = Database.open(settings)) {
            return DbInfo.print(db, SCHEMAS, out);
        } catch (DatabaseException e) {
            err.println("tejun db: " + e.getMessage());
            return 1;
        }
    }

    /** The chain must verify on PostgreSQL with the same key and head file as it did on SQLite. */
    private int verifyAudit(Database to) {
        ProofKey key;
        try {
            key = ProofKey.load(home);
        } catch (IOException e) {
            out.println("audit log not verified (" + e.getMessage() + ")");
            return 0;
        }
        AuditLog.Verification v = new AuditLog(to, Clock.systemUTC(), key, HeadExport.NONE).verify();
        if (!v.ok()) {
            err.println("audit log broken on PostgreSQL at #" + v.brokenAt() + ": " + v.problem());
            return 1;
        }
        out.println("audit log intact on PostgreSQL: " + v.entries() + " entries");
        return 0;
    }
}

package dev.tejun.server.audit;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * {@code tejun audit verify [--against FILE]}: walks the audit chain through the archived segments in
 * {@code DATA/audit-archive/} and on in {@code DATA/tejun.db}, checks each entry's MAC with {@code DATA/proof.key} and compares the end with {@code DATA/audit-head}; with {@code --against}, also
 * with the heads a {@code file:} export sink wrote. Exit 1 names the first break.
 */
public final class AuditVerifyCommand {

    private AuditVerifyCommand() {}

    /** {@code against}: an export file to compare with, or null. The SQLite database of {@code dataDir}. */
    public static int run(Path dataDir, Path against, PrintStream out, PrintStream err) {
        return run(DatabaseSettings.sqlite(dataDir), against, out, err);
    }

    /** The database {@code settings} name (SQLite or PostgreSQL); key and head in its data folder. */
    public static int run(DatabaseSettings settings, Path against, PrintStream out, PrintStream err) {
        Path dataDir = settings.home();
        List<HeadExport.Head> exported = List.of();
        if (against != null) {
            try {
                exported = HeadExport.read(against, ProofKey.AUDIT);
            } catch (IOException e) {
                err.println("tejun audit verify: cannot read " + against + ": " + e.getMessage());
                return 2;
            }
        }
        Path file = settings.sqliteFile();
        if (!settings.postgresql() && !Files.isRegularFile(file)) {
            if (!exported.isEmpty()) {
                err.println("audit log broken: there is no database at " + file + ", but " + against + " holds "
                        + exported.size() + " exported heads up to #"
                        + exported.getLast().id()
                        + ": the log was deleted");
                return 1;
            }
            err.println("tejun audit verify: no database at " + file);
            return 2;
        }
        ProofKey key;
        try {
            key = ProofKey.load(dataDir);
        } catch (IOException e) {
            err.println("audit log cannot be verified: " + e.getMessage());
            return 1;
        }
        AuditLog.Verification v;
        String exportProblem = null;
        try (Database db = Database.open(settings)) {
            AuditLog log = new AuditLog(db, Clock.systemUTC(), key, HeadExport.NONE);
            v = log.verify();
            if (v.ok() && !exported.isEmpty()) {
                exportProblem = log.compareWithExport(exported);
            }
        }
        if (!v.ok()) {
            err.println("audit log broken: " + v.problem());
            return 1;
        }
        if (exportProblem != null) {
            err.println("audit log broken: " + exportProblem);
            return 1;
        }
        out.println("audit log intact: " + v.entries() + " entries"
                + (v.segments() == 0 ? "" : " (" + v.segments() + " archived segments, then the table)")
                + ", keyed with " + key.file() + " (key id " + key.id()
                + ")" + (exported.isEmpty() ? "" : "; all " + exported.size() + " exported heads present"));
        if (v.notKeyed() != null) {
            out.println("  " + v.notKeyed());
        }
        return 0;
    }
}

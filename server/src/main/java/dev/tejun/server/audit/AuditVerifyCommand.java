package dev.tejun.server.audit;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code tejun audit verify}: walks the audit chain in {@code DATA/tejun.db} and compares its end with
 * {@code DATA/audit-head}; exit 1 names the first break.
 */
public final class AuditVerifyCommand {

    private AuditVerifyCommand() {
    }

    public static int run(Path dataDir, PrintStream out, PrintStream err) {
        Path file = dataDir.resolve("tejun.db");
        if (!Files.isRegularFile(file)) {
            err.println("tejun audit verify: no database at " + file);
            return 2;
        }
        AuditLog.Verification v;
        try (ServerDatabase db = new ServerDatabase(file)) {
            v = new AuditLog(db, java.time.Clock.systemUTC()).verify();
        }
        if (v.ok()) {
            out.println("audit log intact: " + v.entries() + " entries");
            return 0;
        }
        err.println("audit log broken: " + v.problem());
        return 1;
    }
}

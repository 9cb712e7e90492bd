package dev.tejun.server.retention;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tejun evidence prune [--dry-run] | hold run|flow ID --reason TEXT | release run|flow ID [--reason TEXT] |
 * holds} on the data folder, audited as the OS user through the CLI. Exit 0 done, 1 refused (no such run, no hold),
 * 2 a usage mistake or a broken {@code retention.yaml}.
 */
public final class RetentionCommand {

    public static final String USAGE = """
                   tejun evidence prune [--dry-run]
                   tejun evidence hold run|flow ID --reason TEXT
                   tejun evidence release run|flow ID [--reason TEXT]
                   tejun evidence holds""";

    private final PrintStream out;
    private final PrintStream err;
    private final Path dataDir;
    private final DatabaseSettings database;
    private final HeadExport export;

    public RetentionCommand(
            PrintStream out, PrintStream err, Path dataDir, DatabaseSettings database, HeadExport export) {
        this.out = out;
        this.err = err;
        this.dataDir = dataDir;
        this.database = database;
        this.export = export;
    }

    /** {@code words}: what follows {@code evidence}. */
    public int run(List<String> words) throws IOException {
        if (words.isEmpty()) {
            return usage();
        }
        List<String> rest = new ArrayList<>(words.subList(1, words.size()));
        boolean dryRun = rest.remove("--dry-run");
        String reason = option(rest, "--reason");
        String user = System.getProperty("user.name", "unknown");
        try (Database db = Database.open(database)) {
            Retention retention = new Retention(
                    db,
                    dataDir,
                    ProofKey.open(dataDir),
                    new AuditLog(db, Clock.systemUTC(), ProofKey.open(dataDir), export),
                    Clock.systemUTC());
            return switch (words.getFirst()) {
                case "prune" -> rest.isEmpty() && reason == null ? prune(retention, user, dryRun) : usage();
                case "hold" -> rest.size() == 2 && !dryRun ? hold(retention, rest, reason, user) : usage();
                case "release" -> rest.size() == 2 && !dryRun ? release(retention, rest, reason, user) : usage();
                case "holds" -> rest.isEmpty() && !dryRun && reason == null ? holds(retention) : usage();
                default -> usage();
            };
        }
    }

    private int prune(Retention retention, String user, boolean dryRun) throws IOException {
        try {
            Retention.Outcome o = retention.prune(user, Via.CLI, dryRun);
            out.println(Retention.describe(o));
            if (dryRun) {
                o.evidence().pruned().forEach(id -> out.println("  " + id));
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("tejun evidence prune: " + e.getMessage());
            return 2;
        }
    }

    private int hold(Retention retention, List<String> rest, String reason, String user) {
        try {
            LegalHolds.Kind kind = LegalHolds.Kind.of(rest.get(0));
            boolean placed = retention.hold(kind, rest.get(1), reason, user, Via.CLI);
            out.println((placed ? "held " : "already held: ") + kind.wire() + " " + rest.get(1));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("tejun evidence hold: " + e.getMessage());
            return 1;
        }
    }

    private int release(Retention retention, List<String> rest, String reason, String user) {
        try {
            LegalHolds.Kind kind = LegalHolds.Kind.of(rest.get(0));
            if (retention.release(kind, rest.get(1), reason, user, Via.CLI)) {
                out.println("released " + kind.wire() + " " + rest.get(1));
                return 0;
            }
            err.println("tejun evidence release: no legal hold on " + kind.wire() + " " + rest.get(1));
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("tejun evidence release: " + e.getMessage());
            return 1;
        }
    }

    private int holds(Retention retention) {
        for (LegalHolds.Hold h : retention.holds().list()) {
            out.println(h.kind() + " " + h.id() + "  held by " + h.heldBy() + " at " + h.heldAt() + ": " + h.reason());
        }
        return 0;
    }

    /** Takes {@code --name VALUE} (or {@code --name=VALUE}) out of {@code words}; null when absent. */
    private static String option(List<String> words, String name) {
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).startsWith(name + "=")) {
                return words.remove(i).substring(name.length() + 1);
            }
            if (words.get(i).equals(name) && i + 1 < words.size()) {
                words.remove(i);
                return words.remove(i);
            }
        }
        return null;
    }

    private int usage() {
        err.println("usage:\n" + USAGE);
        return 2;
    }
}

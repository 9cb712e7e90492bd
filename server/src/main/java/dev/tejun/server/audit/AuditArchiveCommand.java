package dev.tejun.server.audit;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code tejun audit archive --before DATE}: verifies the audit log, then moves the entries written before DATE
 * (a day, from its start in UTC, or an instant) out of the table into signed segments in
 * {@code DATA/audit-archive/} ({@link AuditArchive}), and logs that it did. A broken log is not archived.
 */
public final class AuditArchiveCommand {

    public static final String USAGE = "tejun audit archive --before YYYY-MM-DD|INSTANT";

    private AuditArchiveCommand() {}

    /** {@code words}: what follows {@code archive}. */
    public static int run(
            DatabaseSettings settings, HeadExport export, List<String> words, PrintStream out, PrintStream err) {
        if (words.size() != 2 || !words.getFirst().equals("--before")) {
            err.println("usage: " + USAGE);
            return 2;
        }
        Instant before;
        try {
            before = when(words.get(1));
        } catch (DateTimeParseException e) {
            err.println("tejun audit archive: '" + words.get(1) + "' is neither a day (2026-01-31) nor an instant"
                    + " (2026-01-31T00:00:00Z)");
            return 2;
        }
        ProofKey key;
        try {
            key = ProofKey.load(settings.home());
        } catch (IOException e) {
            err.println("tejun audit archive: nothing archived: " + e.getMessage());
            return 1;
        }
        try (Database db = Database.open(settings)) {
            AuditLog log = new AuditLog(db, Clock.systemUTC(), key, export);
            AuditLog.Verification v = log.verify();
            if (!v.ok()) {
                err.println("tejun audit archive: nothing archived, the audit log is broken: " + v.problem());
                return 1;
            }
            AuditArchive archive = new AuditArchive(db, key, Clock.systemUTC());
            List<AuditArchive.Registered> done;
            try {
                done = archive.archive(before);
            } catch (IllegalStateException | UncheckedIOException e) {
                err.println("tejun audit archive: " + e.getMessage());
                return 1;
            }
            if (done.isEmpty()) {
                out.println("nothing to archive: no entry before " + before + " is still in the table"
                        + " (the newest entry always stays)");
                return 0;
            }
            long first = done.getFirst().segment().firstId();
            long last = done.getLast().segment().lastId();
            log.append(
                    System.getProperty("user.name", "unknown"),
                    Via.CLI,
                    "audit.archive",
                    "#" + first + "–#" + last,
                    "ok",
                    null,
                    Json.quoted(Json.MAPPER
                            .createObjectNode()
                            .put("before", before.toString())
                            .put("first", first)
                            .put("last", last)
                            .put("segments", done.size())));
            out.println("archived entries #" + first + "–#" + last + " in " + done.size() + " signed segment"
                    + (done.size() == 1 ? "" : "s") + " in " + archive.folder()
                    + "; tejun audit verify checks them with the table");
            return 0;
        }
    }

    private static Instant when(String text) {
        return text.matches("\\d{4}-\\d{2}-\\d{2}")
                ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                : Instant.parse(text);
    }
}

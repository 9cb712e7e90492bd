package dev.tejun.server.retention;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.evidence.RunIds;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.kernel.retention.Pruner;
import dev.tejun.kernel.retention.RetentionRules;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention service: prunes the evidence folder by {@code DATA/retention.yaml} (read again at each prune, so an
 * edit applies without a restart), skipping every run a legal hold covers, and the ledger rows older than its
 * {@code ledger.keep-days} (received events no open alert refers to, schedule history). The audit log is never
 * pruned: it is the proof. Each prune and each hold placed or lifted is audited.
 */
public final class Retention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    /** The user the scheduled prune is audited as. */
    public static final String SCHEDULED_USER = "retention";

    /**
     * What one prune did: the evidence part, and the ledger rows removed.
     *
     * @param events       received events removed from the ledger
     * @param scheduleRuns schedule history rows removed
     */
    public record Outcome(Pruner.Report evidence, int events, int scheduleRuns) {}

    private final Database db;
    private final Path dataDir;
    private final Path evidence;
    private final ProofKey key;
    private final AuditLog audit;
    private final Clock clock;
    private final LegalHolds holds;
    private ScheduledExecutorService timer;

    public Retention(Database db, Path dataDir, ProofKey key, AuditLog audit, Clock clock) {
        this(db, dataDir, dataDir.resolve("evidence"), key, audit, clock);
    }

    /** {@code evidence}: this server's evidence folder (its own one in a folder shared by a cluster). */
    public Retention(Database db, Path dataDir, Path evidence, ProofKey key, AuditLog audit, Clock clock) {
        this.db = db;
        this.dataDir = dataDir;
        this.evidence = evidence;
        this.key = key;
        this.audit = audit;
        this.clock = clock;
        this.holds = new LegalHolds(db);
    }

    public LegalHolds holds() {
        return holds;
    }

    /** The rules of {@code DATA/retention.yaml}; a broken file is an {@link IllegalArgumentException}. */
    public RetentionRules rules() throws IOException {
        return RetentionRules.load(dataDir.resolve(RetentionRules.FILE));
    }

    /** Prunes now (or, with {@code dryRun}, answers what would go and changes nothing). */
    public synchronized Outcome prune(String user, Via via, boolean dryRun) throws IOException {
        RetentionRules rules = rules();
        Instant now = clock.instant();
        Set<String> held = holds.heldRunIds();
        Pruner.Report report = Pruner.prune(evidence, key, rules, held, now, dataDir.resolve("archive"), dryRun);
        int[] ledger = rules.ledgerKeepDays() == null || dryRun
                ? new int[2]
                : pruneLedger(now.minus(Duration.ofDays(rules.ledgerKeepDays())), held);
        Outcome outcome = new Outcome(report, ledger[0], ledger[1]);
        if (!dryRun) {
            audit.append(user, via, "evidence.prune", "evidence", "ok", null, describe(outcome));
        }
        return outcome;
    }

    /** One line for the audit log and the CLI. */
    public static String describe(Outcome o) {
        Pruner.Report r = o.evidence();
        return (r.dryRun() ? "would prune " : "pruned ") + r.pruned().size() + " of " + r.runsSeen() + " runs ("
                + r.bytes() + " bytes of output)"
                + (r.archive() == null ? "" : ", archived in " + r.archive().getFileName())
                + "; " + r.held().size() + " kept by legal holds; " + r.alreadyPruned() + " pruned before"
                + (r.dryRun() ? "" : "; ledger: " + o.events() + " events, " + o.scheduleRuns() + " schedule runs");
    }

    /** Places a hold (audited); refuses an id that names no run or flow instance. */
    public boolean hold(LegalHolds.Kind kind, String id, String reason, String user, Via via) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a legal hold needs a reason (the case or request it is for)");
        }
        boolean exists = kind == LegalHolds.Kind.RUN
                ? RunIds.isRunId(id) && Files.isDirectory(evidence.resolve(id))
                : holds.flowInstanceExists(id);
        if (!exists) {
            throw new IllegalArgumentException("no " + (kind == LegalHolds.Kind.RUN ? "run " : "flow instance ") + id);
        }
        boolean placed = holds.hold(kind, id, reason.strip(), user, clock.instant());
        audit.append(user, via, "evidence.hold", kind.wire() + ":" + id, placed ? "ok" : "already held", null, reason);
        return placed;
    }

    /** Lifts a hold (audited); false when there was none. */
    public boolean release(LegalHolds.Kind kind, String id, String reason, String user, Via via) {
        boolean lifted = holds.release(kind, id);
        audit.append(user, via, "evidence.release", kind.wire() + ":" + id, lifted ? "ok" : "not held", null, reason);
        return lifted;
    }

    /**
     * Prunes every {@code every} of the rules as they are now; nothing when the file names no interval. A file that
     * cannot be read or parsed stops the start with the reason, as a broken config file does.
     */
    public void schedule() {
        Duration every;
        try {
            every = rules().every();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + RetentionRules.FILE + ": " + e.getMessage(), e);
        }
        if (every == null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("retention").factory());
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        LOG.info("{}", describe(prune(SCHEDULED_USER, Via.SCHEDULER, false)));
                    } catch (IOException | RuntimeException e) {
                        // the next turn tries again; the reason is logged, nothing was half removed (marks first)
                        LOG.warn("scheduled prune failed: {}", e.getMessage(), e);
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Deletes ledger rows received before {@code cutoff}: events no alert refers to and not of a held run. */
    private int[] pruneLedger(Instant cutoff, Set<String> held) {
        return db.write(c -> {
            List<Long> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, run_id FROM sched_events WHERE received_at < ?"
                    + " AND id NOT IN (SELECT first_event FROM event_alerts)"
                    + " AND id NOT IN (SELECT acted_event FROM event_alerts WHERE acted_event IS NOT NULL)"
                    + " AND id NOT IN (SELECT resolved_by FROM event_alerts WHERE resolved_by IS NOT NULL)")) {
                ps.setString(1, cutoff.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(2) == null || !held.contains(rs.getString(2))) {
                            events.add(rs.getLong(1));
                        }
                    }
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM sched_events WHERE id = ?")) {
                for (long id : events) {
                    del.setLong(1, id);
                    del.addBatch();
                }
                del.executeBatch();
            }
            int runs;
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM sched_runs WHERE ended_at IS NOT NULL AND started_at < ?")) {
                ps.setString(1, cutoff.toString());
                runs = ps.executeUpdate();
            }
            return new int[] {events.size(), runs};
        });
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}

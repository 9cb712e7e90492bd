package dev.tejun.server.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.Wakeups;
import dev.tejun.kernel.evidence.EvidenceLayout;
import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.evidence.RunJson;
import dev.tejun.kernel.evidence.RunSummary;
import dev.tejun.server.audit.ServerSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The {@code runs} table: one row per execution, for lists and filters. A row is written when the run starts (status
 * {@code RUNNING}) and replaced from its evidence when it ends; rows a stopped server left {@code RUNNING} are
 * marked {@code INTERRUPTED} when it starts again.
 */
public final class RunIndex {

    /** The status of a row whose run goes on. */
    public static final String RUNNING = "RUNNING";
    /** The status of a row whose run was going on when its server stopped. */
    public static final String INTERRUPTED = "INTERRUPTED";

    /** One execution as listed. */
    public record RunRow(
            String runId,
            String runbook,
            String user,
            String via,
            String status,
            String runbookSha256,
            String manifestSha256,
            String gitCommit,
            String hosts,
            String startedAt,
            String finishedAt) {}

    /** Filters; null means any. */
    public record Filter(String runbook, String user, String status, String host, int limit) {}

    private static final String STOP_REQUESTS = "run_stop_requests";

    private final Database db;
    private final ObjectMapper json;
    private volatile String node;

    public RunIndex(Database db, ObjectMapper json) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
        this.json = json;
    }

    /**
     * Reads the run's {@code run.json}, its cells' {@code result.json} and its manifest back and writes (or replaces)
     * its row: for a run this process did not seal (another process, a restart, an index that fell behind).
     */
    public RunRow record(Path runDir) throws IOException {
        return record(summaryOf(runDir));
    }

    /** What the run's files say its row is ({@link #record(Path)} without the write). */
    public RunSummary summaryOf(Path runDir) throws IOException {
        RunJson run = EvidenceLayout.readRun(runDir);
        TreeSet<String> hosts = new TreeSet<>();
        try (Stream<Path> cells = Files.list(runDir.resolve(EvidenceLayout.CELLS))) {
            for (Path cell : cells.filter(Files::isDirectory).toList()) {
                EvidenceLayout.readResult(cell)
                        .ifPresent(r -> hosts.addAll(r.hosts().keySet()));
            }
        }
        Path manifest = runDir.resolve(Manifest.FILE);
        return RunSummary.of(run, Files.isRegularFile(manifest) ? Manifest.sha256(manifest) : null, hosts);
    }

    /** Writes (or replaces) the row of a run this process sealed, from what its recorder held: no file is read. */
    public RunRow record(RunSummary run) {
        RunRow row = new RunRow(
                run.runId(),
                run.runbook(),
                run.user(),
                run.via(),
                run.status(),
                run.runbookSha256(),
                run.manifestSha256(),
                run.gitCommit(),
                String.join(",", run.hosts()),
                run.startedAt() == null ? null : run.startedAt().toString(),
                run.finishedAt() == null ? null : run.finishedAt().toString());
        write(row);
        return row;
    }

    /**
     * Runs {@code work} as one transaction of the index's database: whatever it writes there (rows of this index,
     * entries of an audit log on the same database) commits together or not at all.
     */
    public void together(Runnable work) {
        db.write(c -> {
            work.run();
            return null;
        });
    }

    private static final String UPSERT = "INSERT INTO runs (run_id, runbook, user_name, via, "
            + "status, runbook_sha256, manifest_sha256, git_commit, hosts, started_at, finished_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO UPDATE SET "
            + "runbook = excluded.runbook, user_name = excluded.user_name, via = excluded.via, "
            + "status = excluded.status, runbook_sha256 = excluded.runbook_sha256, "
            + "manifest_sha256 = excluded.manifest_sha256, git_commit = excluded.git_commit, "
            + "hosts = excluded.hosts, started_at = excluded.started_at, finished_at = excluded.finished_at, "
            + "seen_at = NULL";

    private void write(RunRow row) {
        db.write(c -> {
            // the whole row is replaced, as the evidence now says; seen_at only matters while it runs
            return db.withStatement(c, UPSERT, ps -> {
                String[] v = {
                    row.runId(),
                    row.runbook(),
                    row.user(),
                    row.via(),
                    row.status(),
                    row.runbookSha256(),
                    row.manifestSha256(),
                    row.gitCommit(),
                    row.hosts(),
                    row.startedAt(),
                    row.finishedAt()
                };
                for (int i = 0; i < v.length; i++) {
                    ps.setString(i + 1, v[i]);
                }
                return ps.executeUpdate();
            });
        });
    }

    /**
     * The row of a run that starts. A row already there (the run ended and was recorded first) is kept: a start
     * never overwrites an end.
     */
    public void started(String runId, String runbook, String user, String via, Instant at) {
        String owner = node;
        update(
                "INSERT INTO runs (run_id, runbook, user_name, via, status, hosts, started_at, server_name, seen_at) "
                        + "VALUES (?, ?, ?, ?, ?, '', ?, ?, ?) ON CONFLICT (run_id) DO NOTHING",
                runId,
                runbook,
                user,
                via,
                RUNNING,
                at.toString(),
                owner,
                // a cluster member's run is alive from its start, so a server starting beside it leaves it running
                owner == null ? null : seconds(Instant.now()));
    }

    /**
     * From now on, runs this process starts are held by cluster node {@code name}: their rows name it and count as
     * alive from their start ({@link #heldAlive}). Null (one server alone): rows name no server.
     */
    public void ownedBy(String name) {
        this.node = name;
    }

    /** The rows of {@code runIds} that still run are alive at {@code at} and held by {@code name}; answers how many. */
    public int heldAlive(java.util.Collection<String> runIds, String name, Instant at) {
        if (runIds.isEmpty()) {
            return 0;
        }
        return db.write(c -> {
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE runs SET seen_at = ?, server_name = ? WHERE run_id = ? AND status = ?")) {
                for (String id : runIds) {
                    ps.setString(1, seconds(at));
                    ps.setString(2, name);
                    ps.setString(3, id);
                    ps.setString(4, RUNNING);
                    n += ps.executeUpdate();
                }
            }
            return n;
        });
    }

    /**
     * Marks {@code INTERRUPTED} every running row that said it was alive, but not since {@code cutoff}: its server (or
     * CLI process) died. Rows that never said so (a lone server's) are left to {@link #interruptRunning}. One
     * statement, so two servers sweeping at once mark a run once.
     */
    public int interruptUnseen(Instant cutoff, Instant at) {
        return update(
                "UPDATE runs SET status = ?, finished_at = ? WHERE status = ? AND seen_at IS NOT NULL AND seen_at < ?",
                INTERRUPTED,
                at.toString(),
                RUNNING,
                seconds(cutoff));
    }

    /** Ends a running row without evidence (the run failed before it wrote any): status and end time only. */
    public void ended(String runId, String status, Instant at) {
        update(
                "UPDATE runs SET status = ?, finished_at = ? WHERE run_id = ? AND status = ?",
                status.toUpperCase(Locale.ROOT),
                at.toString(),
                runId,
                RUNNING);
    }

    /** How long a run held by another process counts as alive after it last said so ({@link #seen}). */
    public static final java.time.Duration ALIVE_FOR = java.time.Duration.ofSeconds(15);

    /**
     * Marks every row still {@code RUNNING} as {@code INTERRUPTED}; a server calls it as it starts. A run another
     * process holds and said it was alive within {@link #ALIVE_FOR} ({@link #seen}) is left running.
     */
    public int interruptRunning(Instant at) {
        return update(
                "UPDATE runs SET status = ?, finished_at = ? WHERE status = ? AND (seen_at IS NULL OR seen_at < ?)",
                INTERRUPTED,
                at.toString(),
                RUNNING,
                seconds(at.minus(ALIVE_FOR)));
    }

    /** Whether several servers may share this index (PostgreSQL), so a run may be held by another server. */
    boolean shared() {
        return db.dialect() == dev.tejun.cmdb.db.Dialect.POSTGRESQL;
    }

    /** A run that another process holds (a {@code tejun run}) is alive at {@code at}. */
    public void seen(String runId, Instant at) {
        update("UPDATE runs SET seen_at = ? WHERE run_id = ? AND status = ?", seconds(at), runId, RUNNING);
    }

    /** Whole seconds, so the text sorts as the time does (Instant's text drops a zero fraction). */
    private static String seconds(Instant at) {
        return at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    /** Whether a run held by another process said it was alive within {@link #ALIVE_FOR} of {@code now}. */
    public boolean aliveElsewhere(String runId, Instant now) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seen_at FROM runs WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    String seen = rs.next() ? rs.getString(1) : null;
                    return seen != null && !Instant.parse(seen).isBefore(now.minus(ALIVE_FOR));
                }
            }
        });
    }

    /** The status of one run as indexed (upper case), empty when it has no row. */
    public Optional<String> status(String runId) {
        return row(runId).map(RunRow::status);
    }

    /**
     * Asks the process that holds a run (a {@code tejun run} beside the server) to stop it; that process looks
     * for the request while its run goes on ({@link #stopRequestedBy}). A second request changes nothing.
     */
    public void requestStop(String runId, String user, Instant at) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO run_stop_requests (run_id, requested_by, requested_at) VALUES (?, ?, ?) "
                            + "ON CONFLICT (run_id) DO NOTHING")) {
                ps.setString(1, runId);
                ps.setString(2, user);
                ps.setString(3, at.toString());
                ps.executeUpdate();
            }
            db.wakeups().send(c, STOP_REQUESTS); // the server holding the run looks at once (RemoteStops)
            return null;
        });
    }

    /** Wakes when a stop is asked for through {@link #requestStop} in any process on this database. */
    Wakeups.Signal stopRequests() {
        return db.wakeups().signal(STOP_REQUESTS);
    }

    /** Who asked to stop the run, if anybody did. */
    public Optional<String> stopRequestedBy(String runId) {
        return db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT requested_by FROM run_stop_requests WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Runs {@code sql}, a constant of this class, with {@code values}; kept prepared on SQLite's writer. */
    private int update(String sql, String... values) {
        return db.write(c -> db.withStatement(c, sql, ps -> {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
            return ps.executeUpdate();
        }));
    }

    private static final String COLUMNS = "SELECT run_id, runbook, user_name, via, status, runbook_sha256, "
            + "manifest_sha256, git_commit, hosts, started_at, finished_at FROM runs";

    /** One run's row, if it has one. */
    public Optional<RunRow> row(String runId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(COLUMNS + " WHERE run_id = ?")) {
                ps.setString(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.<RunRow>empty();
                }
            }
        });
    }

    private static RunRow row(ResultSet rs) throws java.sql.SQLException {
        return new RunRow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11));
    }

    public List<RunRow> list(Filter f) {
        StringBuilder sql = new StringBuilder(COLUMNS + " WHERE 1=1");
        List<String> args = new ArrayList<>();
        if (f.runbook() != null) {
            // a renamed runbook's runs kept the name they ran under (RunbookRenames)
            sql.append(" AND (runbook = ? OR runbook IN (SELECT old_name FROM runbook_renames WHERE new_name = ?))");
            args.add(f.runbook());
            args.add(f.runbook());
        }
        if (f.user() != null) {
            sql.append(" AND user_name = ?");
            args.add(f.user());
        }
        if (f.status() != null) {
            sql.append(" AND status = ?");
            args.add(f.status().toUpperCase(java.util.Locale.ROOT));
        }
        if (f.host() != null) {
            sql.append(" AND (',' || hosts || ',') LIKE ?");
            args.add("%," + f.host().replace("%", "").replace("_", "") + ",%");
        }
        sql.append(" ORDER BY started_at DESC, run_id DESC LIMIT ").append(Math.max(1, Math.min(f.limit(), 10_000)));
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                List<RunRow> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
                return out;
            }
        });
    }
}

package dev.tejun.server.cluster;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseException;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.server.Json;
import dev.tejun.server.runs.queue.RunQueue;
import java.io.PrintStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code tejun cluster status}: the servers of the database the environment names, each with its last heartbeat,
 * whether its lease holds, and the runs it holds; then the runs held by no server and the depth of the run queue. Exit 0, or 1 when the database
 * cannot be read, 2 for a usage error.
 */
public final class ClusterCommand {

    /** Usage lines, indented to follow {@code usage: } in Main's text. */
    public static final String USAGE = "       tejun cluster status   (servers on the database, heartbeats, runs held)";

    private final PrintStream out;
    private final PrintStream err;
    private final DatabaseSettings database;

    public ClusterCommand(PrintStream out, PrintStream err, DatabaseSettings database) {
        this.out = out;
        this.err = err;
        this.database = database;
    }

    /** Returns the exit code; {@code words} follow {@code cluster}. */
    public int run(List<String> words) {
        if (!words.equals(List.of("status"))) {
            err.println("usage: tejun cluster status");
            return 2;
        }
        try (Database db = Database.open(database)) {
            ServerLeases leases = new ServerLeases(db);
            print(leases.list(), unheld(db), Instant.now());
            out.println("runs queued, waiting for a server with room: "
                    + new RunQueue(db, Json.MAPPER, Clock.systemUTC()).depth());
            return 0;
        } catch (DatabaseException e) {
            err.println("tejun cluster: " + e.getMessage());
            return 1;
        }
    }

    private void print(List<ServerLeases.Server> servers, long unheld, Instant now) {
        out.println("database: " + database.where());
        if (servers.isEmpty()) {
            out.println("no server beats on this database (one on SQLite, or none running)");
        } else {
            out.printf("%-30s %-6s %-16s %-6s %s%n", "SERVER", "STATE", "HEARTBEAT", "RUNS", "ADDRESS");
            for (ServerLeases.Server s : servers) {
                out.printf(
                        "%-30s %-6s %-16s %-6d %s%n",
                        s.name(),
                        s.alive(now) ? "alive" : "dead",
                        ago(Duration.between(s.heartbeatAt(), now)),
                        s.claimedRuns(),
                        s.address() == null ? "" : s.address());
            }
        }
        out.println("runs running, held by no server: " + unheld);
    }

    /** Runs the index says run that no cluster member holds: a lone server's, or a {@code tejun run}'s. */
    private static long unheld(Database db) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT COUNT(*) FROM runs WHERE status = 'RUNNING' AND server_name IS NULL");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 120 ? s + " s ago" : (s / 60) + " min ago";
    }
}

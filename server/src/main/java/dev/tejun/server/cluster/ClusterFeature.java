package dev.tejun.server.cluster;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.Dialect;
import dev.tejun.kernel.flow.FlowEngine;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import dev.tejun.server.evidence.EvidenceFolders;
import dev.tejun.server.relay.SessionRelay;
import dev.tejun.server.runs.RunRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A server's place among several on one PostgreSQL: on that database it beats in the {@code servers} table, holds
 * its runs by name and sweeps the runs of servers that died ({@link ClusterHeartbeat}); on SQLite it is alone and
 * this feature does nothing. The server starts it once it listens (the node's address names its port).
 */
public final class ClusterFeature implements AutoCloseable {

    private static final ClusterFeature ALONE = new ClusterFeature(null, null, null, null);

    /** Null when the server is alone. */
    private final ClusterHeartbeat beat;
    /** Null when the server is alone. */
    private final ServerLeases leases;

    private final SessionRelay sessions;

    /** Null when the server is alone. */
    private final Database database;

    private ClusterFeature(ClusterHeartbeat beat, ServerLeases leases, SessionRelay sessions, Database database) {
        this.sessions = sessions;
        this.beat = beat;
        this.leases = leases;
        this.database = database;
    }

    /**
     * Joins the cluster when {@code database} is PostgreSQL (other servers may share it) as {@code name}
     * ({@link ClusterNode#name}), reached at {@code baseUrl}; {@code runs} are the runs it holds; it takes over the
     * flow instances of {@code flows} that servers which died or left were driving ({@link FlowTakeOver}).
     */
    public static ClusterFeature join(
            Settings settings, Database database, String name, String baseUrl, RunRecords runs, FlowEngine flows) {
        if (database.dialect() != Dialect.POSTGRESQL) {
            return ALONE;
        }
        ClusterNode node = new ClusterNode(name, baseUrl);
        Duration lease = Duration.ofSeconds(Math.max(1, Long.parseLong(settings.text(Key.CLUSTER_LEASE_SECONDS))));
        ServerLeases leases = new ServerLeases(database);
        ClusterHeartbeat beat = ClusterHeartbeat.start(node, leases, runs.index(), runs.live()::going, lease);
        FlowTakeOver.join(node, database, flows, beat);
        return new ClusterFeature(beat, leases, new SessionRelay(database, name, lease), database);
    }

    /** Where notebook sockets for another server's session are relayed; null when this server is alone. */
    public SessionRelay sessionRelay() {
        return sessions;
    }

    /** This server's name and address among several on one PostgreSQL; empty on SQLite (it is alone). */
    public Optional<ClusterNode> node() {
        return beat == null ? Optional.empty() : Optional.of(beat.node());
    }

    /**
     * Runs {@code sweep} after every beat from now on (once at once too), with the names of the living servers: what
     * a server that died or left was doing is taken over there. Nothing happens when this server is alone.
     */
    public void afterBeat(java.util.function.Consumer<Set<String>> sweep) {
        if (beat == null) {
            return;
        }
        Runnable once = () -> sweep.accept(aliveServers());
        once.run();
        beat.also(once);
    }

    /**
     * With evidence in a folder the servers share ({@code folders}), seals after every beat the runs that servers
     * which died were executing, in their folders ({@link CutOffRuns}); with separate disks, or alone, nothing.
     */
    public void sealCutOffRuns(EvidenceFolders folders, ProofKey key, HeadExport export, RunRecords runs) {
        if (beat == null || folders.shared() == null) {
            return;
        }
        CutOffRuns cutOff = new CutOffRuns(database, leases, folders, key, export, runs, beat.lease());
        beat.also(cutOff::sweep);
    }

    /** The names of the servers whose lease holds now; empty when this one is alone. */
    public Set<String> aliveServers() {
        if (leases == null) {
            return Set.of();
        }
        Instant now = Instant.now();
        return leases.list().stream()
                .filter(s -> s.alive(now))
                .map(ServerLeases.Server::name)
                .collect(Collectors.toSet());
    }

    /** Stops beating: call after the server's runs were drained, so their rows are final and none is swept. */
    @Override
    public void close() {
        if (beat != null) {
            beat.close();
        }
    }
}

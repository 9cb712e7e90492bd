package dev.tejun.server.cluster;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.evidence.EvidenceVerifier;
import dev.tejun.kernel.evidence.InterruptedRuns;
import dev.tejun.kernel.evidence.Manifest;
import dev.tejun.kernel.proof.HeadExport;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.evidence.EvidenceFolders;
import dev.tejun.server.runs.RunRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs a dead server was executing when it died, sealed by a living one (docs/cluster.md §5), when the servers
 * share one evidence folder: once a server's lease passed and its runs were swept interrupted, the first living
 * server to look seals each such run in the dead server's folder, in that server's chain, as that server's own next
 * start would have ({@link InterruptedRuns}), and records its end from its evidence — so the run list, the audit
 * log and {@code evidence verify} say it was cut off without waiting for the dead server to come back. Under
 * {@code Database.lockFor("evidence_chain:<server>")} and the chain's file lock, and only a run with no manifest yet
 * (a file lock alone is not to be relied on over NFS): of two living servers one seals it. A server that was only
 * paused past its lease and wakes finds its run sealed and does not seal it again ({@link Manifest#seal}). With
 * separate disks (no {@code evidence.folder}) nothing is sealed here: the dead server's folder is on its own disk,
 * and its next start seals what it left.
 */
final class CutOffRuns {

    private static final Logger LOG = LoggerFactory.getLogger(CutOffRuns.class);

    /** Interrupted rows of one server whose evidence no manifest seals; {@code queued}: the run queue ended it. */
    private static final String UNSEALED = """
            SELECT r.run_id, CASE WHEN q.run_id IS NULL THEN 0 ELSE 1 END
            FROM runs r LEFT JOIN run_queue q ON q.run_id = r.run_id
            WHERE r.status = 'INTERRUPTED' AND r.manifest_sha256 IS NULL AND (r.server_name = ? OR q.claimed_by = ?)
            ORDER BY r.run_id""";

    private final Database db;
    private final ServerLeases leases;
    private final EvidenceFolders folders;
    private final ProofKey key;
    private final HeadExport export;
    private final RunRecords records;
    private final Duration lease;
    /** Each death looked at to the end (a server's name and the lease it did not renew): not looked at again. */
    private final Set<String> settled = ConcurrentHashMap.newKeySet();

    CutOffRuns(
            Database db,
            ServerLeases leases,
            EvidenceFolders folders,
            ProofKey key,
            HeadExport export,
            RunRecords records,
            Duration lease) {
        this.db = db;
        this.leases = leases;
        this.folders = folders;
        this.key = key;
        this.export = export;
        this.records = records;
        this.lease = lease;
    }

    /** Seals the cut-off runs of every server whose lease passed, once per death; after each beat. */
    void sweep() {
        Instant now = Instant.now();
        for (ServerLeases.Server s : leases.list()) {
            String death = s.name() + "@" + s.leaseUntil();
            if (s.alive(now) || settled.contains(death)) {
                continue;
            }
            // its runs are swept interrupted in the beat that sees its lease passed; a lease later every server did
            boolean all = sealAll(s.name(), now);
            if (all && now.isAfter(s.leaseUntil().plus(lease))) {
                settled.add(death);
            }
        }
    }

    /** Seals the unsealed interrupted runs of {@code server}; false when one could not be sealed (tried again). */
    private boolean sealAll(String server, Instant now) {
        Path folder = folders.shared().resolve(server).normalize();
        if (!folder.getParent().equals(folders.shared()) || folder.equals(folders.own())) {
            return true; // a name that is no folder of the shared one: it wrote nothing there
        }
        boolean all = true;
        Map<String, Boolean> runs = unsealed(server);
        runs.putAll(rowless(folder, runs));
        for (Map.Entry<String, Boolean> run : runs.entrySet()) {
            Path dir = folder.resolve(run.getKey());
            if (!Files.isDirectory(dir)) {
                continue; // it died before its evidence was begun: its row says interrupted, nothing to seal
            }
            try {
                if (sealOne(server, dir, now)) {
                    LOG.warn(
                            "run {} of server {}, which died, sealed as interrupted in its evidence folder",
                            run.getKey(),
                            server);
                }
                records.cutOffElsewhere(run.getKey(), dir, run.getValue());
            } catch (RuntimeException e) {
                all = false;
                LOG.warn("could not seal run {} of dead server {}: {}", run.getKey(), server, e.toString());
            }
        }
        return all;
    }

    /**
     * The runs begun in the dead server's {@code folder} that have no manifest and no row in the run list (it died
     * before its record of their start was written), not in {@code known} already: none is queued (the run queue
     * would have made its row), so each one's end is audited here.
     */
    private Map<String, Boolean> rowless(Path folder, Map<String, Boolean> known) {
        Map<String, Boolean> out = new java.util.LinkedHashMap<>();
        try {
            for (String runId : EvidenceVerifier.runIds(folder)) {
                if (!known.containsKey(runId)
                        && !Files.exists(folder.resolve(runId).resolve(Manifest.FILE))
                        && records.indexedStatus(runId).isEmpty()) {
                    out.put(runId, false);
                }
            }
        } catch (java.io.IOException e) {
            LOG.warn("could not list the runs in {}: {}", folder, e.toString());
        }
        return out;
    }

    /** Seals {@code dir} in the chain of {@code server} unless it has a manifest; answers whether it did. */
    private boolean sealOne(String server, Path dir, Instant now) {
        return db.write(c -> {
            db.lockFor("evidence_chain:" + server);
            if (Files.exists(dir.resolve(Manifest.FILE))) {
                return false; // another living server sealed it first (or its own did, just before it died)
            }
            InterruptedRuns.sealOne(dir, run -> Manifest.seal(run, Map.of(), key, export), now);
            return true;
        });
    }

    /** The interrupted runs of {@code server} without a manifest in the index, each with whether it was queued. */
    private Map<String, Boolean> unsealed(String server) {
        return db.read(c -> {
            Map<String, Boolean> out = new java.util.LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(UNSEALED)) {
                ps.setString(1, server);
                ps.setString(2, server);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getInt(2) == 1);
                    }
                }
            }
            return out;
        });
    }
}

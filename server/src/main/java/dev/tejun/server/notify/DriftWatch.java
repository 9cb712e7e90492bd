package dev.tejun.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.drift.CellDrift;
import dev.tejun.cmdb.drift.DriftReport;
import dev.tejun.cmdb.drift.HostDrift;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After each scheduled run, asks the CMDB for drift (expected against observed sheets) and audits {@code drift.found}
 * when a cell drifts that did not at the last look, which notifies. A scheduled run is the drift check: its collect
 * cells refresh the observed sheets. The last look is saved with the audit entry it made ({@link DriftSeen}), so a
 * restarted server compares with it: drift told before the stop is not told again, drift that came during the stop
 * is told at the first look after it. Each look reads the last one from the database under its lock, so the servers
 * of a cluster share it. Only the very first start on a database takes what drifts then as its first look, not news.
 *
 * <p>A look costs a whole drift report (seconds of CPU on a CMDB of 10,000 hosts), so it is taken only when it can
 * find something new: when the CMDB changed since this server's last look ({@link CmdbStore#driftStamp}: a row
 * written, a sheet changed, a host collected) — a scheduled backup job that touched no sheet costs one small query —
 * and runs that end while a look is waiting share that one look.
 */
final class DriftWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DriftWatch.class);
    /** How many drifting cells an audit entry names with their values. */
    static final int LISTED = 500;

    private final CmdbStore cmdb;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Database db;
    private final DriftSeen seen;
    // one look at a time, off the auditing thread (whose append this one would be)
    private final ExecutorService looks =
            Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
    // the newest scheduled run's end that no look has taken yet: runs ending meanwhile share the next look
    private final AtomicReference<AuditEntry> waiting = new AtomicReference<>();
    // the CMDB as this server's last look saw it (null: no look yet, the next one is taken)
    private volatile String lastStamp;
    private final AtomicLong looked = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    DriftWatch(CmdbStore cmdb, Database db, AuditLog audit, ObjectMapper json) {
        this.cmdb = cmdb;
        this.audit = audit;
        this.json = json;
        this.db = db;
        this.seen = new DriftSeen(db);
        looks.execute(() -> {
            try {
                db.write(c -> {
                    db.lockFor("drift_seen");
                    if (seen.last().isEmpty()) {
                        String stamp = cmdb.driftStamp();
                        seen.save(
                                drifting().keySet(),
                                audit.last().map(AuditEntry::id).orElse(0L));
                        lastStamp = stamp;
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("could not take the first look at drift; the first scheduled run's drift counts as new", e);
            }
        });
    }

    /** Audit entries just written: a scheduled run that ended is a drift check. */
    void audited(List<AuditEntry> entries) {
        for (AuditEntry e : entries) {
            if (e.action().equals("execution.end") && "scheduler".equals(e.iface()) && waiting.getAndSet(e) == null) {
                try {
                    looks.execute(this::lookForWaiting);
                } catch (RuntimeException stopping) {
                    return;
                }
            }
        }
    }

    /** How many looks were taken, and how many were skipped because the CMDB had not changed since the last. */
    long looked() {
        return looked.get();
    }

    long skipped() {
        return skipped.get();
    }

    private void lookForWaiting() {
        AuditEntry run = waiting.getAndSet(null);
        if (run != null) {
            look(run);
        }
    }

    private void look(AuditEntry run) {
        try {
            // read before the report: a change made while it is made gives another stamp, so the next run looks
            String stamp = cmdb.driftStamp();
            if (stamp.equals(lastStamp)) {
                skipped.incrementAndGet();
                return;
            }
            Map<String, CellDrift> cells = drifting();
            Set<String> now = cells.keySet();
            // compared with the last look as saved, under its lock: another server of the cluster may have looked
            db.write(c -> {
                db.lockFor("drift_seen");
                Set<String> before = seen.last().orElse(Set.of());
                Set<String> appeared = new TreeSet<>(now);
                appeared.removeAll(before);
                if (!now.equals(before)) {
                    seen.save(now, run.id()); // drift gone is saved too: if it comes back, it is news again
                }
                if (!appeared.isEmpty()) {
                    // saved with its audit entry, or neither is: a stop in between tells it at the next look
                    audit.append(
                            run.user(),
                            Via.SCHEDULER,
                            "drift.found",
                            sheets(appeared),
                            "drift",
                            null,
                            detail(run, appeared, cells));
                }
                return null;
            });
            lastStamp = stamp;
            looked.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.warn("could not look for drift after the scheduled run of {}", run.target(), e);
        }
    }

    private static String sheets(Set<String> cells) {
        Set<String> sheets = new TreeSet<>();
        cells.forEach(k -> sheets.add(parts(k)[0]));
        return String.join(",", sheets);
    }

    /**
     * Which sheets and hosts drift anew, and the first {@link #LISTED} cells that do with their expected and actual
     * values (never secrets: a pairing with a SECRET column is refused), for the notice and for the drift events the
     * alert rules route ({@code dev.tejun.server.events.DriftEvents}).
     */
    private String detail(AuditEntry run, Set<String> appeared, Map<String, CellDrift> cells) {
        ObjectNode detail = json.createObjectNode().put("runbook", run.target()).put("cells", appeared.size());
        Set<String> sheets = new TreeSet<>();
        Set<String> hosts = new TreeSet<>();
        appeared.forEach(k -> {
            sheets.add(parts(k)[0]);
            hosts.add(parts(k)[1]);
        });
        sheets.forEach(detail.putArray("sheets")::add);
        hosts.forEach(detail.putArray("hosts")::add);
        var drifted = detail.putArray("drifted");
        appeared.stream().limit(LISTED).forEach(k -> {
            String[] p = parts(k);
            CellDrift c = cells.get(k);
            drifted.addObject()
                    .put("sheet", p[0])
                    .put("host", p[1])
                    .put("column", p[2])
                    .put("expected", c.expected() == null ? null : String.valueOf(c.expected()))
                    .put("actual", c.actual() == null ? null : String.valueOf(c.actual()));
        });
        return detail.toString();
    }

    /** Each drifting cell by {@code sheet NUL host NUL column}. */
    private Map<String, CellDrift> drifting() {
        Map<String, CellDrift> out = new HashMap<>();
        for (DriftReport r : cmdb.drift(null)) {
            for (HostDrift h : r.hosts()) {
                for (CellDrift c : h.cells()) {
                    if (c.differs()) {
                        out.put(key(r.expectedSheet(), h.host(), c.column()), c);
                    }
                }
            }
        }
        return out;
    }

    /** One drifting cell as a set member. */
    static String key(String sheet, String host, String column) {
        return sheet + "\u0000" + host + "\u0000" + column;
    }

    /** A {@link #key}'s sheet, host and column. */
    static String[] parts(String key) {
        return key.split("\u0000", 3);
    }

    @Override
    public void close() {
        looks.shutdownNow();
    }
}

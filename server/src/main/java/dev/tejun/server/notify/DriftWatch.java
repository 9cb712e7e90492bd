package dev.tejun.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.cmdb.drift.CellDrift;
import dev.tejun.cmdb.drift.DriftReport;
import dev.tejun.cmdb.drift.HostDrift;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After each scheduled run, asks the CMDB for drift (expected against observed sheets) and audits {@code drift.found}
 * when a cell drifts that did not at the last look, which notifies. A scheduled run is the drift check: its collect
 * cells refresh the observed sheets. What drifted already when the server started is the first look, not news.
 */
final class DriftWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DriftWatch.class);

    private final CmdbStore cmdb;
    private final AuditLog audit;
    private final ObjectMapper json;
    // one look at a time, off the auditing thread (whose append this one would be)
    private final ExecutorService looks =
            Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
    private Set<String> drifting;

    DriftWatch(CmdbStore cmdb, AuditLog audit, ObjectMapper json) {
        this.cmdb = cmdb;
        this.audit = audit;
        this.json = json;
        looks.execute(() -> {
            try {
                drifting = drifting();
            } catch (RuntimeException e) {
                LOG.warn("could not read the drift at start; the first scheduled run's drift counts as new", e);
            }
        });
    }

    /** Audit entries just written: a scheduled run that ended is a drift check. */
    void audited(List<AuditEntry> entries) {
        for (AuditEntry e : entries) {
            if (e.action().equals("execution.end") && "scheduler".equals(e.iface())) {
                try {
                    looks.execute(() -> look(e));
                } catch (RuntimeException stopping) {
                    return;
                }
            }
        }
    }

    private void look(AuditEntry run) {
        try {
            Set<String> now = drifting();
            Set<String> appeared = new TreeSet<>(now);
            appeared.removeAll(drifting == null ? Set.of() : drifting);
            drifting = now;
            if (appeared.isEmpty()) {
                return;
            }
            Set<String> sheets = new TreeSet<>();
            Set<String> hosts = new TreeSet<>();
            appeared.forEach(k -> {
                String[] p = k.split("\u0000");
                sheets.add(p[0]);
                hosts.add(p[1]);
            });
            ObjectNode detail =
                    json.createObjectNode().put("runbook", run.target()).put("cells", appeared.size());
            sheets.forEach(detail.putArray("sheets")::add);
            hosts.forEach(detail.putArray("hosts")::add);
            audit.append(
                    run.user(),
                    Via.SCHEDULER,
                    "drift.found",
                    String.join(",", sheets),
                    "drift",
                    null,
                    json.writeValueAsString(detail));
        } catch (Exception e) {
            LOG.warn("could not look for drift after the scheduled run of {}", run.target(), e);
        }
    }

    /** Each drifting cell as {@code sheet NUL host NUL column}. */
    private Set<String> drifting() {
        Set<String> out = new HashSet<>();
        for (DriftReport r : cmdb.drift(null)) {
            for (HostDrift h : r.hosts()) {
                for (CellDrift c : h.cells()) {
                    if (c.differs()) {
                        out.add(r.expectedSheet() + "\u0000" + h.host() + "\u0000" + c.column());
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        looks.shutdownNow();
    }
}

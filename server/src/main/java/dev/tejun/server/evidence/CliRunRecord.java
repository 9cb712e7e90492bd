package dev.tejun.server.evidence;

import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.run.HeadlessRun;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.ServerDatabase;
import dev.tejun.server.auth.Access;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What {@code tejun run FILE} leaves behind besides its evidence: execution start and end in the audit log of
 * the data folder (interface {@code cli}, the OS user) and the run's row in the run index, as a run in the server
 * would. For a flow file, the flow's actions go to the same audit log ({@link #audit()}). It writes to the same {@code tejun.db} as a server beside it; the database queues the writers.
 */
public final class CliRunRecord implements HeadlessRun.Watcher, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CliRunRecord.class);

    private final ServerDatabase db;
    private final AuditLog audit;
    private final RunIndex index;
    private final com.fasterxml.jackson.databind.ObjectMapper json = Json.newMapper();
    private final String user;
    private final String runbook;

    public CliRunRecord(Path dataDir, String user, String runbook) {
        this.db = new ServerDatabase(dataDir.resolve("tejun.db"));
        this.audit = new AuditLog(db, Clock.systemUTC());
        this.index = new RunIndex(db, json);
        this.user = user;
        this.runbook = runbook;
    }

    @Override
    public void started(String runId) {
        audit.append(user, "cli", "execution.start", runbook, "started", null, Access.jsonString("runId", runId));
        try {
            index.started(runId, runbook, user, "cli", java.time.Instant.now());
        } catch (RuntimeException e) {
            LOG.warn("could not index the start of run {}", runId, e);
        }
    }

    @Override
    public void finished(RunFinished done) {
        String manifest = null;
        try {
            if (done.evidence() != null) {
                manifest = index.record(Path.of(done.evidence())).manifestSha256();
            } else {
                index.ended(done.runId(), done.status().name(), java.time.Instant.now());
            }
        } catch (Exception e) {
            LOG.warn("could not index run {}", done.runId(), e);
        }
        java.util.Map<String, String> detail = new java.util.LinkedHashMap<>();
        detail.put("runId", done.runId());
        detail.put("manifest", manifest);
        String json;
        try {
            json = this.json.writeValueAsString(detail);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        audit.append(user, "cli", "execution.end", runbook, done.status().name().toLowerCase(), null, json);
    }

    /** The data folder's audit log, for the flow actions of {@code tejun run X.flow.yaml}. */
    public AuditLog audit() {
        return audit;
    }

    @Override
    public void close() {
        db.close();
    }
}

package dev.tejun.server.cmdb;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.Operation;
import dev.tejun.cmdb.store.CmdbException;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.OperationBook;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.cmdb.CmdbScope;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.session.Session;
import dev.tejun.server.ApiException;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run started for an operation (the run's param {@code operation}) links itself to it: the operation is running
 * while the run goes on, then done or failed as it ended ({@link OperationBook#started}, {@link OperationBook#ended}).
 * Both moves are audited ({@code operation.run-started}, {@code operation.run-ended}), as a REST change is.
 */
public final class OperationRuns {

    private static final Logger LOG = LoggerFactory.getLogger(OperationRuns.class);

    private final CmdbStore cmdb;
    private final OperationBook operations;
    private final AuditLog audit;

    public OperationRuns(CmdbStore cmdb, AuditLog audit) {
        this.cmdb = cmdb;
        this.operations = cmdb.operations();
        this.audit = audit;
    }

    /**
     * Before a run starts: its params {@code operation} and {@code as-of} as every cell will read them, so an
     * unknown or cancelled operation, or a time unreadable or in the future, is refused before anything runs.
     *
     * @throws ApiException 400 naming what is wrong
     */
    public void check(Map<String, String> params) {
        String refused = refusal(cmdb, params);
        if (refused != null) {
            throw ApiException.badRequest(refused);
        }
    }

    /** Why a run or flow with {@code params} may not start, as every cell would refuse it; null when it may. */
    public static String refusal(CmdbStore cmdb, Map<String, String> params) {
        try {
            CmdbScope.of(Attributes.NONE, params, cmdb, Instant.now());
            return null;
        } catch (CellSettings.Refused e) {
            return e.getMessage();
        }
    }

    /** Called as any run of this server is queued (notebook, REST, schedule, flow node). */
    public void track(String user, Via iface, Session session, Session.RunHandle run) {
        String operation = session.params().get(CmdbScope.OPERATION);
        if (operation == null || operation.isBlank()) {
            return;
        }
        String name = operation.strip();
        Actor actor = new Actor(user == null ? "system" : user, Channel.RUNBOOK);
        try {
            Operation op = operations.started(name, Operation.LinkKind.RUN, run.runId(), actor);
            audit.append(user, iface, "operation.run-started", name, op.status().wire(), null, "run " + run.runId());
        } catch (CmdbException e) {
            // the run's cells refuse the operation themselves (CmdbScope) before they read anything
            audit.append(user, iface, "operation.run-started", name, "refused", null, e.getMessage());
            return;
        }
        run.afterEnd(done -> {
            String outcome =
                    done.status() == CellStatus.OK ? "ok" : done.status().name().toLowerCase(Locale.ROOT);
            try {
                Operation op = operations.ended(name, Operation.LinkKind.RUN, done.runId(), outcome, actor);
                audit.append(
                        user,
                        iface,
                        "operation.run-ended",
                        name,
                        op.status().wire(),
                        null,
                        "run " + done.runId() + " " + outcome);
            } catch (RuntimeException e) {
                LOG.warn("could not record the end of run {} on operation {}", done.runId(), name, e);
            }
        });
    }
}

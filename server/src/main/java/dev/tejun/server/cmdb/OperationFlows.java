package dev.tejun.server.cmdb;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.Operation;
import dev.tejun.cmdb.store.CmdbException;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.OperationBook;
import dev.tejun.kernel.exec.cmdb.CmdbScope;
import dev.tejun.kernel.flow.FlowChange;
import dev.tejun.kernel.flow.FlowEngine;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.FlowStatus;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A flow instance started for an operation (the flow's param {@code operation}) links itself to it as a run does
 * ({@link OperationRuns}): the operation is running while the instance goes on, then done or failed as it ended,
 * and the instance is in the operation's history. Both moves are audited ({@code operation.flow-started},
 * {@code operation.flow-ended}). The runbook nodes it starts with {@code operation:} link themselves as runs.
 *
 * <p>It hears every instance change from the engine ({@link #changed}); whether an instance is linked is read from
 * the operation's links, so an instance a restarted server recovered still ends its link.
 */
public final class OperationFlows {

    private static final Logger LOG = LoggerFactory.getLogger(OperationFlows.class);

    private final CmdbStore cmdb;
    private final OperationBook operations;
    private final AuditLog audit;

    public OperationFlows(CmdbStore cmdb, AuditLog audit) {
        this.cmdb = cmdb;
        this.operations = cmdb.operations();
        this.audit = audit;
    }

    /** Installs the check of every start and the links on {@code engine}. */
    public void watch(FlowEngine engine) {
        engine.checkParams(this::check);
        engine.subscribe(this::changed);
    }

    /**
     * Before an instance is made: its params {@code operation} and {@code as-of} as its runbooks' cells will read
     * them, so an unknown or cancelled operation, or a time unreadable or in the future, is refused before anything
     * runs.
     *
     * @throws FlowEngine.Refused naming what is wrong
     */
    void check(Map<String, String> params) {
        String refused = OperationRuns.refusal(cmdb, params);
        if (refused != null) {
            throw new FlowEngine.Refused(refused);
        }
    }

    /** Called by the engine after each change is stored, in order per instance. */
    void changed(FlowChange change) {
        if (!(change instanceof FlowChange.InstanceChanged changed)) {
            return;
        }
        FlowInstance fi = changed.instance();
        String name = operationOf(fi);
        if (name == null) {
            return;
        }
        try {
            Optional<Operation.Link> link = operations.get(name).flatMap(op -> linkOf(op, fi.id()));
            if (link.isEmpty() && !fi.status().finished()) {
                started(name, fi);
            } else if (link.isPresent()
                    && link.get().outcome() == null
                    && fi.status().finished()) {
                ended(name, fi);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not record flow instance {} on operation {}", fi.id(), name, e);
        }
    }

    private void started(String name, FlowInstance fi) {
        Via via = viaOf(fi);
        try {
            Operation op = operations.started(name, Operation.LinkKind.FLOW, fi.id(), actor(fi));
            audit.append(
                    fi.startedBy(),
                    via,
                    "operation.flow-started",
                    name,
                    op.status().wire(),
                    null,
                    detail(fi));
        } catch (CmdbException e) {
            // checked before the instance was made (check): only an operation cancelled meanwhile gets here
            audit.append(fi.startedBy(), via, "operation.flow-started", name, "refused", null, e.getMessage());
        }
    }

    private void ended(String name, FlowInstance fi) {
        String outcome = outcome(fi.status());
        Operation op = operations.ended(name, Operation.LinkKind.FLOW, fi.id(), outcome, actor(fi));
        audit.append(
                fi.startedBy(),
                viaOf(fi),
                "operation.flow-ended",
                name,
                op.status().wire(),
                null,
                detail(fi) + " " + outcome);
    }

    /** The link's outcome as a run's: a flow that ended with warnings did its work ({@code ok}). */
    static String outcome(FlowStatus status) {
        return switch (status) {
            case OK, WARNING -> "ok";
            case STOPPED -> "stopped";
            default -> "failed";
        };
    }

    private static String operationOf(FlowInstance fi) {
        String value = fi.params().get(CmdbScope.OPERATION);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Optional<Operation.Link> linkOf(Operation op, String instanceId) {
        return op.links().stream()
                .filter(l -> l.kind() == Operation.LinkKind.FLOW && l.ref().equals(instanceId))
                .findFirst();
    }

    /** The interface the instance was started through; a flow cell's own word ("cell") is told as {@code flow}. */
    private static Via viaOf(FlowInstance fi) {
        try {
            Via via = Via.of(fi.via());
            return via == null ? Via.FLOW : via;
        } catch (IllegalArgumentException e) {
            return Via.FLOW;
        }
    }

    private static Actor actor(FlowInstance fi) {
        return new Actor(fi.startedBy() == null ? "system" : fi.startedBy(), Channel.RUNBOOK);
    }

    private static String detail(FlowInstance fi) {
        return "flow " + fi.flow() + " instance " + fi.id();
    }
}

package dev.tejun.server.flows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.flow.FlowEngine;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.flow.state.NodeState;
import dev.tejun.kernel.flow.state.NodeStatus;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code /api/flow-instances}: lists and reads instances, and passes approvals and stops to the engine, naming the
 * user. A decision the instance cannot take (already ended, node not paused) is a 409.
 */
public final class InstancesHandler {

    private final FlowEngine engine;
    private final ObjectMapper json;
    private final ApproverCheck approvers;
    /** Where a request for an instance another server drives goes; null on SQLite (one server drives them all). */
    private final FlowRequests elsewhere;

    InstancesHandler(FlowEngine engine, ObjectMapper json, ApproverCheck approvers, FlowRequests elsewhere) {
        this.engine = engine;
        this.elsewhere = elsewhere;
        this.json = json;
        this.approvers = approvers;
    }

    /** Filters: {@code status} (comma-separated keys), {@code flow}, {@code startedBy}; all optional. */
    public void list(Context ctx) {
        String statusParam = ctx.queryParam("status");
        Set<String> statuses = statusParam == null || statusParam.isBlank()
                ? Set.of()
                : Arrays.stream(statusParam.split(",")).map(String::strip).collect(Collectors.toSet());
        String flow = ctx.queryParam("flow");
        String startedBy = ctx.queryParam("startedBy");
        List<FlowWire.InstanceView> out = engine.list().stream()
                .filter(fi ->
                        statuses.isEmpty() || statuses.contains(fi.status().key()))
                .filter(fi -> flow == null || flow.isBlank() || flow.equals(fi.flow()))
                .filter(fi -> startedBy == null || startedBy.isBlank() || startedBy.equals(fi.startedBy()))
                .map(fi -> FlowWire.InstanceView.of(fi, false, approversOf(fi)))
                .toList();
        ctx.json(out);
    }

    public void get(Context ctx) {
        FlowInstance fi = instance(ctx);
        ctx.json(FlowWire.InstanceView.of(fi, true, approversOf(fi)));
    }

    /**
     * {@code GET /api/flow-instances/{id}/holds/{node}/preview}: what follows the hold point, as previewed when it
     * began waiting (issue 23), with its state ({@link HoldPreviewAnswer}); 404 for a node that is no pause the
     * instance reached.
     */
    public void holdPreview(Context ctx) throws IOException {
        FlowInstance fi = instance(ctx);
        String node = ctx.pathParam("node");
        boolean reachedPause = fi.node(node)
                .filter(n -> "pause".equals(n.type())
                        && n.status() != NodeStatus.PENDING
                        && n.status() != NodeStatus.SKIPPED)
                .isPresent();
        if (!reachedPause) {
            throw ApiException.notFound("node " + node + " of " + fi.id() + " is no hold point it reached");
        }
        HoldPreviewAnswer.answer(
                ctx,
                json,
                engine.holdPreview(fi.id(), node)
                        .orElseThrow(() -> ApiException.notFound("no preview of what follows " + node)));
    }

    public void approve(Context ctx) {
        decide(ctx, true);
    }

    public void reject(Context ctx) {
        decide(ctx, false);
    }

    public void emergencyStop(Context ctx) {
        act(ctx, FlowRequests.Action.EMERGENCY_STOP, null, null, id -> engine.emergencyStop(id, WebUser.actor(ctx)));
    }

    public void stop(Context ctx) {
        act(ctx, FlowRequests.Action.STOP, null, null, id -> engine.stop(id, WebUser.actor(ctx)));
    }

    public void resume(Context ctx) {
        act(ctx, FlowRequests.Action.RESUME, null, null, id -> engine.resume(id, WebUser.actor(ctx)));
    }

    private void decide(Context ctx, boolean approve) {
        FlowWire.Decide body = RequestBodies.read(ctx, json, FlowWire.Decide.class);
        if (body.nodeId() == null || body.nodeId().isBlank()) {
            throw ApiException.badRequest("nodeId is required");
        }
        FlowInstance fi = instance(ctx);
        engine.approverRole(fi.id(), body.nodeId())
                .ifPresent(role -> approvers.require(
                        ctx,
                        role,
                        engine.approverNotStarter(fi.id()),
                        fi.startedBy(),
                        approve ? "flow.approve" : "flow.reject",
                        FlowAudit.target(fi.flow(), fi.id(), body.nodeId())));
        FlowRequests.Action action = approve ? FlowRequests.Action.APPROVE : FlowRequests.Action.REJECT;
        act(ctx, action, body.nodeId(), body.comment(), id -> {
            if (approve) {
                engine.approve(id, body.nodeId(), WebUser.actor(ctx), body.comment());
            } else {
                engine.reject(id, body.nodeId(), WebUser.actor(ctx), body.comment());
            }
        });
    }

    /**
     * Runs {@code action} on the instance in the path, then answers the instance as it is now. An instance that
     * another server drives gets the request through {@link FlowRequests} instead: 202, the instance as it is yet.
     */
    private void act(
            Context ctx,
            FlowRequests.Action kind,
            String nodeId,
            String comment,
            java.util.function.Consumer<String> action) {
        FlowInstance fi = instance(ctx);
        if (elsewhere != null && !engine.drives(fi.id()) && !fi.status().finished()) {
            elsewhere.forward(fi.id(), kind, nodeId, WebUser.actor(ctx), comment);
            ctx.status(202).json(FlowWire.InstanceView.of(fi, true, approversOf(fi)));
            return;
        }
        try {
            action.accept(fi.id());
        } catch (IllegalStateException e) {
            throw new ApiException(409, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        FlowInstance now = engine.get(fi.id()).orElseThrow();
        ctx.json(FlowWire.InstanceView.of(now, true, approversOf(now)));
    }

    /** The role each paused node asks for, so a list can say who may decide it. */
    private Map<String, String> approversOf(FlowInstance fi) {
        Map<String, String> out = new TreeMap<>();
        for (NodeState n : fi.nodes()) {
            if (n.status() == NodeStatus.PAUSED) {
                engine.approverRole(fi.id(), n.nodeId()).ifPresent(role -> out.put(n.nodeId(), role));
            }
        }
        return out;
    }

    FlowInstance instance(Context ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches("[A-Za-z0-9_.-]{1,100}")) {
            throw ApiException.badRequest("not a flow instance id: " + id);
        }
        return engine.get(id).orElseThrow(() -> ApiException.notFound("no flow instance " + id));
    }
}

package dev.tejun.server.flows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.flow.FlowEngine;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import io.javalin.http.Context;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /api/flow-instances}: lists and reads instances, and passes approvals and stops to the engine, naming the
 * user. A decision the instance cannot take (already ended, node not paused) is a 409.
 */
public final class InstancesHandler {

    private final FlowEngine engine;
    private final ObjectMapper json;

    InstancesHandler(FlowEngine engine, ObjectMapper json) {
        this.engine = engine;
        this.json = json;
    }

    /** Filters: {@code status} (comma-separated keys), {@code flow}, {@code startedBy}; all optional. */
    public void list(Context ctx) {
        String statusParam = ctx.queryParam("status");
        Set<String> statuses = statusParam == null || statusParam.isBlank() ? Set.of()
                : Arrays.stream(statusParam.split(",")).map(String::strip).collect(Collectors.toSet());
        String flow = ctx.queryParam("flow");
        String startedBy = ctx.queryParam("startedBy");
        List<FlowWire.InstanceView> out = engine.list().stream()
                .filter(fi -> statuses.isEmpty() || statuses.contains(fi.status().key()))
                .filter(fi -> flow == null || flow.isBlank() || flow.equals(fi.flow()))
                .filter(fi -> startedBy == null || startedBy.isBlank() || startedBy.equals(fi.startedBy()))
                .map(fi -> FlowWire.InstanceView.of(fi, false)).toList();
        ctx.json(out);
    }

    public void get(Context ctx) {
        ctx.json(FlowWire.InstanceView.of(instance(ctx), true));
    }

    public void approve(Context ctx) {
        decide(ctx, true);
    }

    public void reject(Context ctx) {
        decide(ctx, false);
    }

    public void emergencyStop(Context ctx) {
        act(ctx, id -> engine.emergencyStop(id, WebUser.of(ctx)));
    }

    public void stop(Context ctx) {
        act(ctx, id -> engine.stop(id, WebUser.of(ctx)));
    }

    public void resume(Context ctx) {
        act(ctx, id -> engine.resume(id, WebUser.of(ctx)));
    }

    private void decide(Context ctx, boolean approve) {
        FlowWire.Decide body = RequestBodies.read(ctx, json, FlowWire.Decide.class);
        if (body.nodeId() == null || body.nodeId().isBlank()) {
            throw ApiException.badRequest("nodeId is required");
        }
        act(ctx, id -> {
            if (approve) {
                engine.approve(id, body.nodeId(), WebUser.of(ctx), body.comment());
            } else {
                engine.reject(id, body.nodeId(), WebUser.of(ctx), body.comment());
            }
        });
    }

    /** Runs {@code action} on the instance in the path, then answers the instance as it is now. */
    private void act(Context ctx, java.util.function.Consumer<String> action) {
        FlowInstance fi = instance(ctx);
        try {
            action.accept(fi.id());
        } catch (IllegalStateException e) {
            throw new ApiException(409, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ctx.json(FlowWire.InstanceView.of(engine.get(fi.id()).orElseThrow(), true));
    }

    private FlowInstance instance(Context ctx) {
        String id = ctx.pathParam("id");
        if (!id.matches("[A-Za-z0-9_.-]{1,100}")) {
            throw ApiException.badRequest("not a flow instance id: " + id);
        }
        return engine.get(id).orElseThrow(() -> ApiException.notFound("no flow instance " + id));
    }
}

package dev.tejun.server.schedules;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.schedule.ScheduleDef;
import dev.tejun.server.ApiException;
import dev.tejun.server.Json;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.auth.RequestAudit;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;

/**
 * REST for schedules: list (with next and last run and whether each is active), create, change and delete (admins),
 * activate, pause and deactivate (operators allowed to run it), run one now, and one schedule's history.
 */
public final class SchedulesHandler {

    /** Starts a run of a runbook as a user, checked as any run they start is (roles, params, windows). */
    @FunctionalInterface
    public interface Starter {
        /** The answer of the start: the run's id and runbook. */
        Object start(Principal who, String runbook, Map<String, String> params, String address) throws IOException;
    }

    /** Starts a flow as a user, checked as a start on the flow's own route is (roles for every runbook, params). */
    @FunctionalInterface
    public interface FlowStarter {
        /** The started instance's id; {@code origin} says where the start came from, for the instance's history. */
        String start(Principal who, String flow, Map<String, String> params, String origin);
    }

    private final ScheduleService service;
    private final ObjectMapper json;
    private final Starter starter;
    private final FlowStarter flows;

    public SchedulesHandler(ScheduleService service, ObjectMapper json, Starter starter, FlowStarter flows) {
        this.service = service;
        this.json = json;
        this.starter = starter;
        this.flows = flows;
    }

    public void list(Context ctx) {
        ctx.json(Map.of("schedules", service.list()));
    }

    public void create(Context ctx) {
        ScheduleService.Create body = RequestBodies.read(ctx, json, ScheduleService.Create.class);
        ctx.status(201).json(service.create(body, caller(ctx), ctx.ip()));
    }

    /** Changes a schedule made through the API; the audit entry says what it ran before and runs now. */
    public void update(Context ctx) {
        ScheduleService.Create body = RequestBodies.read(ctx, json, ScheduleService.Create.class);
        ScheduleDef before = service.find(ctx.pathParam("id"));
        ScheduleService.View after = service.update(before.id(), body, caller(ctx), ctx.ip());
        ctx.attribute(RequestAudit.DETAIL, detail(Map.of("was", summary(before), "now", summary(after))));
        ctx.json(after);
    }

    private static Map<String, Object> summary(ScheduleDef d) {
        return Map.of("target", d.target().name(), "cron", d.cron().text(), "params", d.params());
    }

    private static Map<String, Object> summary(ScheduleService.View v) {
        return Map.of("target", v.target(), "cron", v.cron(), "params", v.params());
    }

    private static String detail(Map<String, Object> fields) {
        return Json.MAPPER.valueToTree(fields).toString();
    }

    public void pause(Context ctx) {
        ActivationRoute.handle(ctx, service::pause);
    }

    /**
     * Runs a schedule's runbook or flow now with its params, as the caller (who must be allowed to run it, as for any
     * run they start: a flow's every runbook), whatever the schedule's state: its next fire times are unchanged. The
     * audit entry is this route's (the schedule's run-now) and names the run or flow instance started.
     */
    public void runNow(Context ctx) throws IOException {
        ScheduleDef d = service.find(ctx.pathParam("id"));
        Object started = d.target().isFlow()
                ? Map.of(
                        "flow",
                        d.target().name(),
                        "instanceId",
                        flows.start(caller(ctx), d.target().name(), d.params(), "run now of schedule " + d.id()))
                : starter.start(caller(ctx), d.target().name(), d.params(), ctx.ip());
        ctx.attribute(RequestAudit.DETAIL, detail(Map.of("schedule", summary(d), "run", started)));
        ctx.status(201).json(started);
    }

    public void delete(Context ctx) {
        service.delete(ctx.pathParam("id"));
        ctx.status(204);
    }

    public void activate(Context ctx) {
        ActivationRoute.handle(ctx, service::activate);
    }

    public void deactivate(Context ctx) {
        ActivationRoute.handle(ctx, service::deactivate);
    }

    private static Principal caller(Context ctx) {
        return Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
    }

    public void history(Context ctx) {
        ctx.json(Map.of("runs", service.history(ctx.pathParam("id"), 50)));
    }

    /** The service behind the handler, for the server's lifecycle. */
    public ScheduleService service() {
        return service;
    }
}

package dev.tejun.server.schedules;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Principal;
import io.javalin.http.Context;
import java.util.Map;

/**
 * REST for schedules: list (with next and last run and whether each is active), create and delete (admins),
 * activate and deactivate one declared in a file (operators allowed to run it), and one schedule's history.
 */
public final class SchedulesHandler {

    private final ScheduleService service;
    private final ObjectMapper json;

    public SchedulesHandler(ScheduleService service, ObjectMapper json) {
        this.service = service;
        this.json = json;
    }

    public void list(Context ctx) {
        ctx.json(Map.of("schedules", service.list()));
    }

    public void create(Context ctx) {
        ScheduleService.Create body = RequestBodies.read(ctx, json, ScheduleService.Create.class);
        ctx.status(201).json(service.create(body, caller(ctx), ctx.ip()));
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

package dev.tejun.server.guard.windows;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.guard.windows.CalendarFiles;
import dev.tejun.kernel.guard.windows.MaintenanceCalendar;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Principal;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/calendars} (the calendar files, for admins), {@code GET /api/windows?target=} (a runbook's or flow's
 * windows now and next, for the notebook), {@code /api/windows/overrides} (approvers grant one), and the check of a
 * flow start.
 */
public final class WindowsHandler {

    /** One calendar as the API shows it: each window as its cron and duration, or its from and to. */
    public record CalendarView(String name, String type, String timezone, List<Map<String, String>> windows) {}

    /** The answer of {@code GET /api/calendars}: what loaded, and the files that did not with why. */
    public record CalendarList(List<CalendarView> calendars, Map<String, List<String>> problems) {}

    /** The body of {@code POST /api/windows/overrides}. */
    public record OverrideBody(String target, String reason, Integer minutes) {}

    private final WindowGuard guard;
    private final ObjectMapper json;

    public WindowsHandler(WindowGuard guard, ObjectMapper json) {
        this.guard = guard;
        this.json = json;
    }

    public void calendars(Context ctx) {
        CalendarFiles.Loaded loaded = guard.windows().calendars();
        ctx.json(new CalendarList(
                loaded.calendars().values().stream()
                        .sorted(java.util.Comparator.comparing(MaintenanceCalendar::name))
                        .map(WindowsHandler::view)
                        .toList(),
                loaded.problems()));
    }

    public void calendar(Context ctx) {
        String name = ctx.pathParam("name");
        MaintenanceCalendar c = guard.windows().calendars().calendars().get(name);
        if (c == null) {
            throw ApiException.notFound("no calendar " + name + " (calendars/" + name + ".yaml)");
        }
        ctx.json(view(c));
    }

    public void status(Context ctx) {
        String target = ctx.queryParam("target");
        if (target == null || target.isBlank()) {
            throw ApiException.badRequest("target: name a runbook or flow");
        }
        checkName(target);
        ctx.json(guard.status(target));
    }

    public void overrides(Context ctx) {
        ctx.json(guard.overrides());
    }

    public void grant(Context ctx) {
        OverrideBody body = RequestBodies.read(ctx, json, OverrideBody.class);
        Principal who = Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        if (body.target() != null) {
            checkName(body.target());
        }
        Access.markAudited(ctx);
        ctx.status(201).json(guard.grant(who, body.target(), body.reason(), body.minutes(), ctx.ip()));
    }

    /** Before {@code POST /api/flows/<name>/start} (after the role check): a flow outside its windows does not start. */
    public void beforeFlowStart(Context ctx) {
        if (!"POST".equals(ctx.method().name())) {
            return;
        }
        Principal who = Access.principal(ctx).orElse(null);
        if (who == null) {
            return; // the role check refuses it
        }
        if (preview(ctx)) {
            return; // a preview starts nothing: approvers look during a freeze (it lists the windows instead)
        }
        String name = RunbookFolder.flowName(ctx.pathParam("name"));
        guard.requireOpen(who, name, ctx.ip());
    }

    /** Whether the start's body asks for a preview; a body that is no JSON object is left to the start to refuse. */
    private boolean preview(Context ctx) {
        try {
            return !ctx.body().isBlank()
                    && json.readTree(ctx.body()).path("preview").asBoolean(false);
        } catch (JacksonException e) {
            return false;
        }
    }

    private static void checkName(String target) {
        if (target.endsWith(".flow.yaml")) {
            RunbookFolder.flowName(target);
        } else {
            RunbookFolder.runbookName(target);
        }
    }

    private static CalendarView view(MaintenanceCalendar c) {
        List<Map<String, String>> spans = c.spans().stream()
                .map(s -> switch (s) {
                    case MaintenanceCalendar.Recurring r ->
                        Map.of("cron", r.cron().text(), "duration", r.duration().toString());
                    case MaintenanceCalendar.Range r -> Map.of("from", r.from().toString(), "to", r.to().toString());
                })
                .toList();
        return new CalendarView(c.name(), c.kind().key(), c.zone().getId(), spans);
    }
}

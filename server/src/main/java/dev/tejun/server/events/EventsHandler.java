package dev.tejun.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.alert.RuleStages;
import dev.tejun.server.Csv;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.schedules.ActivationRoute;
import io.javalin.http.Context;
import java.util.Map;

/**
 * REST for events: receive, dry-run, the recent ones with their outcome, and the rules (with their problems and
 * whether each is activated), activated and deactivated by operators allowed to run what they run.
 */
public final class EventsHandler {

    private final EventService service;
    private final ObjectMapper json;

    private final dev.tejun.server.schedules.SchedulesHandler.Starter starter;

    /** @param starter starts a run as a caller, checked as any run they start */
    public EventsHandler(
            EventService service, ObjectMapper json, dev.tejun.server.schedules.SchedulesHandler.Starter starter) {
        this.starter = starter;
        this.service = service;
        this.json = json;
    }

    public void receive(Context ctx) {
        ctx.status(202)
                .json(Map.of("events", service.receive(RequestBodies.read(ctx, json, JsonNode.class), ctx.ip())));
    }

    public void dryRun(Context ctx) {
        ctx.json(Map.of(
                "events",
                service.dryRun(RequestBodies.read(ctx, json, JsonNode.class)),
                "ruleProblems",
                service.ruleProblems().stream().map(Object::toString).toList()));
    }

    public void list(Context ctx) {
        ctx.json(Map.of("events", service.recent(100)));
    }

    /**
     * The outcome history, oldest first: {@code ?from&to&source&rule&decision&status&limit} (up to 100,000 rows), as
     * JSON or, with {@code format=csv}, as CSV.
     */
    public void history(Context ctx) {
        EventHistory.Filter f = EventHistory.Filter.of(ctx::queryParam, 100_000);
        if ("csv".equals(ctx.queryParam("format"))) {
            StringBuilder b = new StringBuilder(Csv.header(EventHistory.COLUMNS));
            service.history().forEach(f, values -> b.append(Csv.line(values)));
            ctx.contentType("text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"events.csv\"")
                    .result(b.toString());
        } else {
            ctx.json(Map.of("events", service.history().list(f)));
        }
    }

    /** The outcome history as an Excel workbook (up to a million rows), for training data or a report. */
    public void historyXlsx(Context ctx) throws java.io.IOException {
        EventHistory.Filter f = EventHistory.Filter.of(ctx::queryParam, 1_000_000);
        ctx.contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .header("Content-Disposition", "attachment; filename=\"events.xlsx\"");
        try (java.io.OutputStream out = ctx.outputStream()) {
            dev.tejun.cmdb.excel.StreamingTable.write(
                    "events", EventHistory.COLUMNS, rows -> service.history().forEach(f, rows::row), out);
        }
    }

    /** Hits per rule and events per {@code bucket} (minute, hour or day) among the events the filter selects. */
    public void stats(Context ctx) {
        ctx.json(service.history().counts(EventHistory.Filter.of(ctx::queryParam, 1), ctx.queryParam("bucket")));
    }

    public void one(Context ctx) {
        ctx.json(service.details().of(RequestBodies.intParam(ctx, "id")));
    }

    public void unhandled(Context ctx) {
        ctx.json(Map.of("events", service.unhandled().list(200)));
    }

    /** {@code {"note": "…"}} optional: why nothing needs doing. */
    public void acknowledge(Context ctx) {
        long id = RequestBodies.intParam(ctx, "id");
        String body = ctx.body();
        String note = null;
        if (!body.isBlank()) {
            JsonNode n = RequestBodies.read(ctx, json, JsonNode.class);
            note = n.hasNonNull("note") ? n.get("note").asText() : null;
        }
        service.unhandled().acknowledge(id, Access.userName(ctx), note);
        ctx.status(204);
    }

    /**
     * {@code POST /api/events/ID/run {"runbook": "x.md", "params": {…}}}: an operator handles an unhandled event by
     * running a runbook now, as themself (checked as any run they start: roles, params, windows, locks). The event
     * leaves the queue acknowledged with the run's id; when the run is refused it stays in the queue.
     */
    public void runNow(Context ctx) throws java.io.IOException {
        long id = RequestBodies.intParam(ctx, "id");
        Principal who = Access.principal(ctx).orElseThrow();
        JsonNode body = RequestBodies.read(ctx, json, JsonNode.class);
        String runbook = body.path("runbook").asText("").strip();
        if (runbook.isEmpty()) {
            throw dev.tejun.server.ApiException.badRequest("runbook must name the runbook to run for the event");
        }
        Map<String, String> params = new java.util.LinkedHashMap<>();
        body.path("params")
                .properties()
                .forEach(p -> params.put(p.getKey(), p.getValue().asText()));
        service.unhandled().acknowledge(id, who.name(), "running " + runbook);
        Object started;
        try {
            started = starter.start(who, runbook, params, ctx.ip());
        } catch (java.io.IOException | RuntimeException refused) {
            service.unhandled().reopen(id);
            throw refused;
        }
        String runId = json.valueToTree(started).path("runId").asText();
        service.unhandled().note(id, "ran " + runbook + " (run " + runId + ")");
        ctx.status(201).json(started);
    }

    /** An approver releases an event its rule held for approval: it runs now. */
    public void approve(Context ctx) {
        Principal who = Access.principal(ctx).orElseThrow();
        Access.markAudited(ctx);
        ctx.json(service.approve(RequestBodies.intParam(ctx, "id"), who, ctx.ip()));
    }

    public void ruleDraft(Context ctx) {
        ctx.contentType("application/yaml").result(service.unhandled().ruleDraft(RequestBodies.intParam(ctx, "id")));
    }

    /** {@code {"name": "ops.yaml", "rules": "<the draft's YAML>", "days": 7}}. */
    public void replay(Context ctx) {
        JsonNode body = RequestBodies.read(ctx, json, JsonNode.class);
        int days = body.path("days").asInt(7);
        if (days < 1 || days > 366) {
            throw dev.tejun.server.ApiException.badRequest("days must be 1..366");
        }
        if (!body.path("rules").isTextual()) {
            throw dev.tejun.server.ApiException.badRequest("rules must be the draft rule file's text");
        }
        ctx.json(service.replay(
                body.path("name").asText("draft.yaml"), body.get("rules").asText(), days));
    }

    /** Every rule set with a stage set; files not listed are in production. */
    public void stages(Context ctx) {
        ctx.json(Map.of("stages", service.stages().list(), "default", "production"));
    }

    /** {@code {"file": "rules/ops.yaml", "stage": "draft|staging|production"}}: an approver's promotion, audited. */
    public void stage(Context ctx) {
        JsonNode body = RequestBodies.read(ctx, json, JsonNode.class);
        RuleStages.Stage stage;
        try {
            stage = RuleStages.Stage.valueOf(body.path("stage").asText("").toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw dev.tejun.server.ApiException.badRequest("stage must be draft, staging or production");
        }
        Principal who = Access.principal(ctx).orElseThrow();
        Access.markAudited(ctx);
        ctx.json(service.stage(body.path("file").asText(""), stage, who, ctx.ip()));
    }

    public void breaker(Context ctx) {
        java.util.Optional<String> open = service.breakerOpen();
        ctx.json(Map.of("open", open.isPresent(), "reason", open.orElse("")));
    }

    public void closeBreaker(Context ctx) {
        service.closeBreaker();
        breaker(ctx);
    }

    public void rules(Context ctx) {
        ctx.json(Map.of(
                "rules",
                service.ruleStates(),
                "ruleProblems",
                service.ruleProblems().stream().map(Object::toString).toList()));
    }

    public void activate(Context ctx) {
        ActivationRoute.handle(ctx, service::activate);
    }

    public void deactivate(Context ctx) {
        ActivationRoute.handle(ctx, service::deactivate);
    }

    public EventService service() {
        return service;
    }
}

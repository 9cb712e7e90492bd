package dev.tejun.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.RequestBodies;
import io.javalin.http.Context;

import java.util.Map;

/** REST for events: receive, dry-run, the recent ones with their outcome, and the rules files' problems. */
public final class EventsHandler {

    private final EventService service;
    private final ObjectMapper json;

    public EventsHandler(EventService service, ObjectMapper json) {
        this.service = service;
        this.json = json;
    }

    public void receive(Context ctx) {
        ctx.status(202).json(Map.of("events", service.receive(RequestBodies.read(ctx, json, JsonNode.class))));
    }

    public void dryRun(Context ctx) {
        ctx.json(Map.of("events", service.dryRun(RequestBodies.read(ctx, json, JsonNode.class)),
                "ruleProblems", service.ruleProblems().stream().map(Object::toString).toList()));
    }

    public void list(Context ctx) {
        ctx.json(Map.of("events", service.recent(100)));
    }

    public EventService service() {
        return service;
    }
}

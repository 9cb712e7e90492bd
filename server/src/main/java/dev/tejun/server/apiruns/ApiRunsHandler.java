package dev.tejun.server.apiruns;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Principal;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.Map;

/** REST for runs: start one over the API; read the events of (long-poll) and stop any run of this server. */
public final class ApiRunsHandler {

    /** The longest a long-poll waits, below the usual 30 s idle timeouts of proxies. */
    static final int MAX_WAIT_SECONDS = 20;

    /** The body of {@code POST /api/runs}. */
    public record StartBody(String runbook, Map<String, String> params) {
    }

    private final ApiRuns runs;
    private final ObjectMapper json;

    public ApiRunsHandler(ApiRuns runs, ObjectMapper json) {
        this.runs = runs;
        this.json = json;
    }

    public void start(Context ctx) throws Exception {
        StartBody body = RequestBodies.read(ctx, json, StartBody.class);
        Principal who = Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        ctx.status(201).json(runs.start(who, body.runbook(), body.params() == null ? Map.of() : body.params(), ctx.ip()));
    }

    public void events(Context ctx) throws Exception {
        long since = number(ctx, "since", 0, Long.MAX_VALUE);
        long wait = number(ctx, "wait", 0, MAX_WAIT_SECONDS);
        ctx.json(runs.events(ctx.pathParam("runId"), since, Duration.ofSeconds(wait)));
    }

    public void stop(Context ctx) throws Exception {
        String runId = ctx.pathParam("runId");
        Principal who = Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        runs.stop(who, runId, ctx.ip());
        ctx.status(202).json(Map.of("runId", runId, "stopping", true));
    }

    /** The service, for the server's lifecycle. */
    public ApiRuns runs() {
        return runs;
    }

    private static long number(Context ctx, String name, long min, long max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return min;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min) {
                throw ApiException.badRequest(name + " must be " + min + " or more");
            }
            return Math.min(n, max);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number, not '" + v + "'");
        }
    }
}

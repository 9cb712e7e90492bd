package dev.tejun.server.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.retention.Pruner;
import dev.tejun.kernel.retention.RetentionRules;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.auth.Access;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/retention} and {@code /api/evidence/...}: the rules in force, the legal holds, and a prune (admins; a
 * dry run answers what would go). The service audits each change itself.
 */
public final class RetentionHandler {

    /** The body of {@code POST /api/evidence/prune}. */
    public record PruneRequest(Boolean dryRun) {}

    /** The body of {@code POST /api/evidence/holds}. */
    public record HoldRequest(String kind, String id, String reason) {}

    private final Retention retention;
    private final ObjectMapper json;

    public RetentionHandler(Retention retention, ObjectMapper json) {
        this.retention = retention;
        this.json = json;
    }

    public void rules(Context ctx) throws IOException {
        RetentionRules rules;
        try {
            rules = retention.rules();
        } catch (IllegalArgumentException e) {
            throw new ApiException(409, e.getMessage()); // the file is broken: say how, the server keeps serving
        }
        Map<String, Object> policies = new LinkedHashMap<>();
        rules.rules().forEach((name, p) -> policies.put(name, p.describe()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("default", rules.fallback().describe());
        out.put("rules", policies);
        out.put("archive", rules.archive());
        out.put("ledgerKeepDays", rules.ledgerKeepDays());
        out.put("every", rules.every() == null ? null : rules.every().toString());
        out.put("holds", retention.holds().list());
        ctx.json(out);
    }

    public void prune(Context ctx) throws IOException {
        PruneRequest req =
                ctx.body().isBlank() ? new PruneRequest(null) : RequestBodies.read(ctx, json, PruneRequest.class);
        Retention.Outcome o;
        try {
            o = retention.prune(Access.userName(ctx), Access.viaOf(ctx), Boolean.TRUE.equals(req.dryRun()));
        } catch (IllegalArgumentException e) {
            throw new ApiException(409, e.getMessage());
        }
        Access.markAudited(ctx);
        Pruner.Report r = o.evidence();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dryRun", r.dryRun());
        out.put("runsSeen", r.runsSeen());
        out.put("pruned", r.pruned());
        out.put("held", r.held());
        out.put("alreadyPruned", r.alreadyPruned());
        out.put("bytes", r.bytes());
        out.put(
                "archive",
                r.archive() == null ? null : r.archive().getFileName().toString());
        out.put("ledgerEvents", o.events());
        out.put("ledgerScheduleRuns", o.scheduleRuns());
        out.put("summary", Retention.describe(o));
        ctx.json(out);
    }

    public void holds(Context ctx) {
        ctx.json(Map.of("holds", retention.holds().list()));
    }

    public void hold(Context ctx) {
        HoldRequest req = RequestBodies.read(ctx, json, HoldRequest.class);
        if (req.id() == null || req.id().isBlank()) {
            throw ApiException.badRequest("id is missing: the run id or flow instance id to hold");
        }
        boolean placed;
        try {
            placed = retention.hold(
                    LegalHolds.Kind.of(String.valueOf(req.kind())),
                    req.id(),
                    req.reason(),
                    Access.userName(ctx),
                    Access.viaOf(ctx));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Access.markAudited(ctx);
        ctx.status(placed ? 201 : 200).json(Map.of("kind", req.kind(), "id", req.id(), "held", true, "new", placed));
    }

    public void release(Context ctx) {
        LegalHolds.Kind kind;
        try {
            String k = ctx.queryParam("kind");
            kind = LegalHolds.Kind.of(k == null || k.isBlank() ? LegalHolds.Kind.RUN.wire() : k);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        String id = ctx.pathParam("id");
        boolean lifted = retention.release(kind, id, ctx.queryParam("reason"), Access.userName(ctx), Access.viaOf(ctx));
        Access.markAudited(ctx);
        if (!lifted) {
            throw ApiException.notFound("no legal hold on " + kind.wire() + " " + id);
        }
        ctx.json(Map.of("kind", kind.wire(), "id", id, "held", false));
    }
}

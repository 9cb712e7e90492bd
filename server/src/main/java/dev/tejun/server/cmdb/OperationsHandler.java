package dev.tejun.server.cmdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.model.Operation;
import dev.tejun.cmdb.model.TimeInput;
import dev.tejun.cmdb.store.OperationBook;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * The operation list (作業一覧): {@code /api/cmdb/operations}. Operations are records beside the rows keyed by their
 * name; a run or flow started with the param {@code operation} links itself to one and moves its status.
 */
public final class OperationsHandler {

    /**
     * An operation as a client sends it.
     *
     * @param planned ISO date-time with offset or zone ({@code 2026-11-01T10:00+09:00[Asia/Tokyo]}); blank: none
     * @param version the version read; required for an update and a cancel
     */
    public record Body(String name, String planned, String owner, String notes, Long version) {}

    /** An operation as a client reads it: the planned time as written, with its zone; the status in lower case. */
    public record View(
            String name,
            String planned,
            Instant plannedInstant,
            String status,
            String owner,
            String notes,
            long version,
            Instant updatedAt,
            String updatedBy,
            List<LinkView> links) {

        static View of(Operation op) {
            return new View(
                    op.name(),
                    op.planned() == null ? null : op.planned().toString(),
                    op.planned() == null ? null : op.planned().toInstant(),
                    op.status().wire(),
                    op.owner(),
                    op.notes(),
                    op.version(),
                    op.updatedAt(),
                    op.updatedBy(),
                    op.links().stream().map(LinkView::of).toList());
        }
    }

    /** A linked run or flow instance: {@code kind} is {@code run} or {@code flow}; {@code outcome} null while it runs. */
    public record LinkView(String kind, String ref, Instant at, String outcome) {
        static LinkView of(Operation.Link l) {
            return new LinkView(l.kind().name().toLowerCase(java.util.Locale.ROOT), l.ref(), l.at(), l.outcome());
        }
    }

    private final OperationBook operations;
    private final ObjectMapper json;

    public OperationsHandler(OperationBook operations, ObjectMapper json) {
        this.operations = operations;
        this.json = json;
    }

    public void list(Context ctx) {
        ctx.json(operations.list().stream().map(View::of).toList());
    }

    public void get(Context ctx) {
        String name = ctx.pathParam("name");
        ctx.json(View.of(operations.get(name).orElseThrow(() -> ApiException.notFound("no operation " + name))));
    }

    public void create(Context ctx) {
        Body body = RequestBodies.read(ctx, json, Body.class);
        ctx.status(201).json(View.of(operations.create(draft(body.name(), body), Actors.of(ctx))));
    }

    public void update(Context ctx) {
        Body body = RequestBodies.read(ctx, json, Body.class);
        String name = ctx.pathParam("name");
        ctx.json(View.of(operations.update(name, version(body), draft(name, body), Actors.of(ctx))));
    }

    public void cancel(Context ctx) {
        Body body = RequestBodies.read(ctx, json, Body.class);
        ctx.json(View.of(operations.cancel(ctx.pathParam("name"), version(body), Actors.of(ctx))));
    }

    private static Operation.Draft draft(String name, Body body) {
        String planned = body.planned();
        try {
            return new Operation.Draft(
                    name,
                    planned == null || planned.isBlank() ? null : TimeInput.zoned(planned, "planned"),
                    body.owner(),
                    body.notes());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static long version(Body body) {
        if (body.version() == null) {
            throw ApiException.badRequest("version is required: the version of the operation you read");
        }
        return body.version();
    }
}

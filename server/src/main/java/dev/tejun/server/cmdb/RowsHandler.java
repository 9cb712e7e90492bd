package dev.tejun.server.cmdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Rows of one sheet: list (current, with discarded, or as of a time), read, change, history and diff. */
public final class RowsHandler {

    /**
     * A row as a client sends it.
     *
     * @param version the version the client read; required for an update, ignored on register
     */
    public record RowBody(String host, String operation, Map<String, Object> values, Long version) {}

    /** Body of discard and restore. */
    public record VersionBody(Long version) {}

    /** An undo: the version read and the version whose values come back. */
    public record RevertBody(Long version, Long toVersion) {}

    private final CmdbStore store;
    private final ObjectMapper json;

    public RowsHandler(CmdbStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /**
     * {@code ?operation=NAME} (empty: the default rows), {@code ?discarded=true}, {@code ?asOf=ISO instant}
     * (or {@code as-of}); {@code ?after=ID&limit=N}: one page, the rows after that id in id order (the grid reads a
     * large sheet page by page, so its first rows show before the whole sheet has been read).
     */
    public void list(Context ctx) {
        String sheet = ctx.pathParam("sheet");
        SheetsHandler.sheet(store, sheet);
        boolean withDiscarded = "true".equalsIgnoreCase(ctx.queryParam("discarded"));
        RowQuery query = withDiscarded ? RowQuery.all() : RowQuery.active();
        if (ctx.queryParamMap().containsKey("operation")) {
            String op = ctx.queryParam("operation");
            query = query.withOperation(op == null || op.isBlank() ? null : op);
        }
        long after = number(ctx, "after", Long.MAX_VALUE);
        int limit = (int) number(ctx, "limit", MAX_PAGE);
        query = query.page(after, limit);
        // "as-of" too: the spelling of the cmdb cell attribute.
        Instant asOf = instant(ctx, ctx.queryParam("asOf") != null ? "asOf" : "as-of");
        ctx.json(asOf == null ? store.list(sheet, query) : store.asOf(sheet, asOf, query));
    }

    public void get(Context ctx) {
        String sheet = ctx.pathParam("sheet");
        long id = id(ctx);
        ctx.json(store.get(sheet, id).orElseThrow(() -> noRow(sheet, id)));
    }

    public void register(Context ctx) {
        RowBody body = RequestBodies.read(ctx, json, RowBody.class);
        Row row = store.register(ctx.pathParam("sheet"), draft(body), Actors.of(ctx));
        LockedAudit.note(ctx, SheetsHandler.sheet(store, row.sheet()), null, row);
        ctx.status(201).json(row);
    }

    public void update(Context ctx) {
        RowBody body = RequestBodies.read(ctx, json, RowBody.class);
        long version = required(body.version());
        String sheet = ctx.pathParam("sheet");
        Row before = store.get(sheet, id(ctx)).orElse(null);
        Row after = store.update(sheet, id(ctx), version, draft(body), Actors.of(ctx));
        LockedAudit.note(ctx, SheetsHandler.sheet(store, sheet), before, after);
        ctx.json(after);
    }

    public void discard(Context ctx) {
        long version = required(RequestBodies.read(ctx, json, VersionBody.class).version());
        ctx.json(store.discard(ctx.pathParam("sheet"), id(ctx), version, Actors.of(ctx)));
    }

    public void revert(Context ctx) {
        RevertBody body = RequestBodies.read(ctx, json, RevertBody.class);
        long toVersion = required(body.toVersion());
        ctx.json(store.revert(ctx.pathParam("sheet"), id(ctx), required(body.version()), toVersion, Actors.of(ctx)));
    }

    public void restore(Context ctx) {
        long version = required(RequestBodies.read(ctx, json, VersionBody.class).version());
        ctx.json(store.restore(ctx.pathParam("sheet"), id(ctx), version, Actors.of(ctx)));
    }

    public void history(Context ctx) {
        String sheet = ctx.pathParam("sheet");
        long id = id(ctx);
        var changes = store.history(sheet, id);
        if (changes.isEmpty()) {
            throw noRow(sheet, id);
        }
        ctx.json(changes);
    }

    /** {@code ?from=ISO&to=ISO}; {@code to} defaults to now. */
    public void diff(Context ctx) {
        Instant from = instant(ctx, "from");
        if (from == null) {
            throw ApiException.badRequest("from is required (an ISO-8601 instant such as 2026-01-01T00:00:00Z)");
        }
        Instant to = instant(ctx, "to");
        ctx.json(store.diff(ctx.pathParam("sheet"), from, to == null ? Instant.now() : to));
    }

    private static RowDraft draft(RowBody body) {
        return new RowDraft(blankToNull(body.host()), blankToNull(body.operation()), body.values());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The most rows one page may ask for. */
    static final int MAX_PAGE = 100_000;

    /** A query parameter that must be a whole number from 0 to {@code max}; 0 when absent. */
    private static long number(Context ctx, String name, long max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name + " must be a whole number from 0 to " + max + ", not '" + value + "'");
    }

    private static long required(Long version) {
        if (version == null) {
            throw ApiException.badRequest("version is required: the version of the row you read");
        }
        return version;
    }

    private static long id(Context ctx) {
        String value = ctx.pathParam("id");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("id must be a number, not '" + value + "'");
        }
    }

    static Instant instant(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, not '" + value + "'");
        }
    }

    private static ApiException noRow(String sheet, long id) {
        return ApiException.notFound("no row id=" + id + " in sheet " + sheet);
    }
}

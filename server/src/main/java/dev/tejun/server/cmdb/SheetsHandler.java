package dev.tejun.server.cmdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.model.DefinitionException;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import io.javalin.http.Context;

/** Sheet definitions: list, read, create, redefine. */
public final class SheetsHandler {

    private final CmdbStore store;
    private final ObjectMapper json;

    public SheetsHandler(CmdbStore store, ObjectMapper json) {
        this.store = store;
        // A column may leave out its flags (required, unique): absent means false, not an error.
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public void list(Context ctx) {
        ctx.json(store.sheets());
    }

    public void get(Context ctx) {
        ctx.json(sheet(store, ctx.pathParam("sheet")));
    }

    public void create(Context ctx) {
        SheetDef def = definition(ctx);
        if (store.sheet(def.name()).isPresent()) {
            throw new ApiException(
                    409, "sheet " + def.name() + " exists; PUT /api/cmdb/sheets/" + def.name() + " redefines it");
        }
        ctx.status(201).json(put(def, ctx));
    }

    public void update(Context ctx) {
        SheetDef def = definition(ctx);
        String name = ctx.pathParam("sheet");
        if (!def.name().equals(name)) {
            throw ApiException.badRequest(
                    "the body names sheet " + def.name() + " but the path " + name + "; a sheet cannot be renamed");
        }
        sheet(store, name);
        ctx.json(put(def, ctx));
    }

    private SheetDef put(SheetDef def, Context ctx) {
        try {
            return store.putSheet(def, Actors.of(ctx));
        } catch (DefinitionException e) {
            throw e; // names its field; CmdbErrors answers it
        } catch (IllegalArgumentException e) {
            // putSheet's refusals of a definition that cannot hold (kind change with rows, missing reference, …)
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /**
     * The body as a definition. A refusal names the field at fault as a path into the body
     * ({@code columns[2].pattern}), so the sheet editor can show it beside that field: the model names the field
     * within a column, Jackson knows which column it was reading.
     */
    private SheetDef definition(Context ctx) {
        if (ctx.body().isBlank() || ctx.body().strip().equals("null")) {
            return RequestBodies.read(ctx, json, SheetDef.class); // its refusal of an empty or null body
        }
        try {
            return json.readValue(ctx.body(), SheetDef.class);
        } catch (JsonMappingException e) {
            String path = path(e);
            if (e.getCause() instanceof DefinitionException refused) {
                throw path.isEmpty() ? refused : refused.within(path);
            }
            throw new DefinitionException(
                    path,
                    "not a valid sheet definition" + (path.isEmpty() ? "" : " at " + path) + ": "
                            + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("request body is not valid: " + e.getOriginalMessage());
        }
    }

    /** Jackson's reference chain as {@code columns[2].pattern}. */
    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    static SheetDef sheet(CmdbStore store, String name) {
        return store.sheet(name).orElseThrow(() -> ApiException.notFound("no CMDB sheet " + name));
    }
}

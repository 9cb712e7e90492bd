package dev.tejun.server.runbooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.server.ApiException;
import dev.tejun.server.Json;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.RequestAudit;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rename, move and delete of a runbook (editors). Refused (409, naming each) while a schedule, flow or alert rule
 * refers to the runbook by name. A moved runbook's runs keep their old name; {@link RunbookRenames} leads the run
 * list from the new name to them.
 */
public final class RunbookMovesHandler {

    /** {@code to}: the new name, a path in the runbooks folder (".md" added when missing). */
    public record MoveRunbook(String to, String version, String message) {}

    /** The version deleted (the one the editor saw). */
    public record DeleteRunbook(String version, String message) {}

    /** What a delete answers. */
    public record Deleted(String name, String commit) {}

    private final RunbookEditor editor;
    private final ObjectMapper json;
    private final RequestAudit audit;
    private final RunbookReferrers referrers;
    private final RunbookRenames renames;
    private final RunbooksHandler.SaveListener saves;

    /** {@code saves}: told of the old name, with no version, so its open tabs learn the file is gone from there. */
    public RunbookMovesHandler(
            RunbookEditor editor,
            ObjectMapper json,
            RequestAudit audit,
            RunbookReferrers referrers,
            RunbookRenames renames,
            RunbooksHandler.SaveListener saves) {
        this.saves = saves;
        this.editor = editor;
        this.json = json;
        this.audit = audit;
        this.referrers = referrers;
        this.renames = renames;
    }

    /** {@code POST /api/runbooks/<name>/move {"to", "version"}}: the moved runbook's document, 201. */
    public void move(Context ctx) throws Exception {
        String name = RunbookFolder.runbookName(ctx.pathParam("name"));
        MoveRunbook body = RequestBodies.read(ctx, json, MoveRunbook.class);
        if (body.to() == null || body.to().isBlank()) {
            throw ApiException.badRequest("body needs \"to\"");
        }
        String to = body.to().strip().replaceAll("^/+", "");
        to = to.endsWith(RunbookFolder.RUNBOOK_SUFFIX) ? to : to + RunbookFolder.RUNBOOK_SUFFIX;
        refuseReferred(name, "moved");
        detail(ctx, Map.of("from", name, "to", to));
        String from = name;
        String into = to;
        RunbookEditor.Saved saved = editor.move(
                name,
                to,
                body.version(),
                change(ctx, body.message()),
                () -> renames.renamed(from, into, Access.userName(ctx)));
        saves.saved(name, null, Access.userName(ctx));
        if (saved.commit() != null) {
            ctx.header(RunbooksHandler.COMMIT_HEADER, saved.commit());
        }
        ctx.status(201).json(saved.document());
    }

    /** {@code DELETE /api/runbooks/<name> {"version"}}. */
    public void delete(Context ctx) throws Exception {
        String name = RunbookFolder.runbookName(ctx.pathParam("name"));
        DeleteRunbook body = RequestBodies.read(ctx, json, DeleteRunbook.class);
        refuseReferred(name, "deleted");
        detail(ctx, Map.of("deleted", name));
        String commit = editor.delete(name, body.version(), change(ctx, body.message()), () -> renames.deleted(name));
        saves.saved(name, null, Access.userName(ctx));
        if (commit != null) {
            ctx.header(RunbooksHandler.COMMIT_HEADER, commit);
        }
        ctx.json(new Deleted(name, commit));
    }

    /** {@code GET /api/runbooks/<name>/former-names}: the names its runs may carry, oldest first. */
    public void formerNames(Context ctx) {
        ctx.json(renames.formerNames(RunbookFolder.runbookName(ctx.pathParam("name"))));
    }

    /** {@code GET /api/runbook-renames}: every earlier name and the runbook it is now (the list groups runs so). */
    public void renames(Context ctx) {
        ctx.json(renames.all());
    }

    private void refuseReferred(String name, String what) throws java.io.IOException {
        List<String> by = referrers.of(name);
        if (!by.isEmpty()) {
            throw new ApiException(
                    409, "runbook " + name + " cannot be " + what + ": " + String.join(", ", by) + " refer to it");
        }
    }

    private static void detail(Context ctx, Map<String, String> detail) {
        ctx.attribute(
                RequestAudit.DETAIL,
                Json.MAPPER.valueToTree(new LinkedHashMap<>(detail)).toString());
    }

    private RunbookEditor.Change change(Context ctx, String message) {
        return new RunbookEditor.Change(() -> audit.recordChange(ctx), Access.userName(ctx), message);
    }
}

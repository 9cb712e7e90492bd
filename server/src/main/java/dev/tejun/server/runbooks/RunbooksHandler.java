package dev.tejun.server.runbooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.RequestAudit;
import dev.tejun.server.auth.Role;
import io.javalin.http.Context;

/** REST handlers for runbook files: parse the request, call {@link RunbookEditor}, answer JSON. */
public final class RunbooksHandler {

    /** {@code message}: the commit message where the runbooks folder is a Git work tree (optional). */
    record PutRunbook(String text, String version, String message) {}

    /** The header that names the commit a save made. */
    static final String COMMIT_HEADER = "Tejun-Commit";

    private final RunbookEditor editor;
    private final ObjectMapper json;
    private final RequestAudit audit;
    private final ReviewHandler review;

    public RunbooksHandler(RunbookEditor editor, ObjectMapper json, RequestAudit audit) {
        this.editor = editor;
        this.json = json;
        this.audit = audit;
        this.review = new ReviewHandler(editor, json, audit);
    }

    /** History, diff and merge of the same runbooks. */
    public ReviewHandler review() {
        return review;
    }

    /**
     * The change's audit entry, written before the file is replaced (a change is never made unaudited), and who
     * authors its commit.
     */
    private RunbookEditor.Change change(Context ctx, String message) {
        return new RunbookEditor.Change(() -> audit.recordChange(ctx), Access.userName(ctx), message);
    }

    private static void answer(Context ctx, RunbookEditor.Saved saved) {
        if (saved.commit() != null) {
            ctx.header(COMMIT_HEADER, saved.commit());
        }
        ctx.status(saved.created() ? 201 : 200).json(saved.document());
    }

    public void list(Context ctx) throws Exception {
        ctx.json(editor.list());
    }

    public void get(Context ctx) throws Exception {
        // A secret param's default is shown only to those who may change the file (and so read it anyway).
        boolean editor = Access.principal(ctx).map(p -> p.may(Role.EDITOR)).orElse(false);
        ctx.json(this.editor.document(ctx.pathParam("name"), editor));
    }

    public void put(Context ctx) throws Exception {
        PutRunbook body = RequestBodies.read(ctx, json, PutRunbook.class);
        answer(ctx, editor.replace(ctx.pathParam("name"), body.text(), body.version(), change(ctx, body.message())));
    }

    public void putCell(Context ctx) throws Exception {
        int index = RequestBodies.intParam(ctx, "index");
        RunbookEditor.CellEdit edit = RequestBodies.read(ctx, json, RunbookEditor.CellEdit.class);
        answer(ctx, editor.replaceCell(ctx.pathParam("name"), index, edit, change(ctx, edit.message())));
    }
}

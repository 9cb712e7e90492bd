package dev.tejun.server.runbooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.folder.ReviewedMerge;
import dev.tejun.kernel.folder.RunbookHistory;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.RequestAudit;
import io.javalin.http.Context;
import java.util.Map;

/**
 * REST for the review path: a runbook's commits, a cell-aware diff between two versions, and the four-eyes merge of a
 * user's branch into the release branch (the approver is the signed-in user; the merge is audited before it is made).
 */
public final class ReviewHandler {

    /** {@code commit}: the branch tip the approver reviewed; the merge is refused if the branch has moved since. */
    public record MergeRequest(String branch, String commit) {}

    private final RunbookEditor editor;
    private final ObjectMapper json;
    private final RequestAudit audit;

    ReviewHandler(RunbookEditor editor, ObjectMapper json, RequestAudit audit) {
        this.editor = editor;
        this.json = json;
        this.audit = audit;
    }

    public void history(Context ctx) throws Exception {
        ctx.json(editor.history().log(name(ctx)));
    }

    /** {@code ?from=A&to=B}: commits, branches or {@code disk}; {@code from} defaults to the release branch. */
    public void diff(Context ctx) throws Exception {
        String from = ctx.queryParam("from") == null ? editor.releaseBranch() : ctx.queryParam("from");
        String to = ctx.queryParam("to") == null ? RunbookHistory.DISK : ctx.queryParam("to");
        try {
            ctx.json(editor.history().diff(name(ctx), from, to));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    public void merge(Context ctx) throws Exception {
        MergeRequest body = RequestBodies.read(ctx, json, MergeRequest.class);
        if (body.branch() == null || body.branch().isBlank()) {
            throw ApiException.badRequest("body needs \"branch\" (e.g. tejun/alice) and \"commit\" (its reviewed tip)");
        }
        try {
            String commit = editor.merge(
                    name(ctx), body.branch(), body.commit(), Access.userName(ctx), () -> audit.recordChange(ctx));
            ctx.json(Map.of("commit", commit, "branch", editor.releaseBranch()));
        } catch (ReviewedMerge.Refused e) {
            throw new ApiException(409, e.getMessage());
        }
    }

    private static String name(Context ctx) {
        return ctx.pathParam("name");
    }
}

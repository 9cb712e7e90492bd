package dev.tejun.server.git;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.ApiException;
import dev.tejun.server.audit.Via;
import dev.tejun.server.auth.Access;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;

/**
 * REST for the remote: its state and each checked file's latest result (viewers), pull and push (admins), and the
 * push webhook Git hosts call (no sign-in: the shared secret's signature is the caller's proof). A pull that is a
 * conflict answers 409, a remote that could not be reached 502, with the error, the conflicts and the report.
 */
public final class GitHandler {

    private final GitSync sync;
    private final String webhookSecret;
    private final WebhookRefusals refusals;
    private final ObjectMapper json;

    /** {@code webhookSecret}: the shared secret Git hosts sign with; empty: the webhook refuses every call. */
    GitHandler(GitSync sync, String webhookSecret, WebhookRefusals refusals, ObjectMapper json) {
        this.sync = sync;
        this.webhookSecret = webhookSecret;
        this.refusals = refusals;
        this.json = json;
    }

    public void state(Context ctx) {
        ctx.json(sync.state());
    }

    public void pull(Context ctx) {
        answer(ctx, run(() -> sync.pull(Access.userName(ctx), Access.viaOf(ctx))));
    }

    public void push(Context ctx) {
        answer(ctx, run(() -> sync.push(Access.userName(ctx), Access.viaOf(ctx))));
    }

    /**
     * A Git host's push: refused unless signed with the secret; a push to another branch is acknowledged only; a push
     * to the remote's branch starts a pull and is answered 202 at once.
     */
    public void webhook(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        String refusal = WebhookSignature.refusal(webhookSecret, ctx::header, body);
        if (refusal != null) {
            // audited here, once per address and window with the count, not by the route table per call
            Access.markAudited(ctx);
            if (refusals.refused(ctx.ip(), refusal)) {
                ctx.header("Retry-After", String.valueOf(WebhookRefusals.WINDOW.toSeconds()));
                throw new ApiException(429, "webhook refused: too many refused calls from this address; slow down");
            }
            throw new ApiException(401, "webhook refused: " + refusal);
        }
        String ref = ref(body);
        String wanted = "refs/heads/" + sync.branch();
        if (ref != null && sync.branch() != null && !ref.equals(wanted)) {
            ctx.status(202).json(Map.of("ignored", "a push to " + ref + ", not " + wanted));
            return;
        }
        boolean started;
        try {
            started = sync.pullBehind("webhook", Via.API);
        } catch (GitSync.NotConfigured e) {
            throw new ApiException(409, e.getMessage());
        }
        // answered before the pull: a Git host gives up on a slow hook; the result shows on GET /api/git
        ctx.status(202)
                .json(Map.of(
                        "accepted",
                        started ? "pull started" : "a pull is already waiting to start; it brings this push too",
                        "state",
                        "/api/git"));
    }

    private interface Action {
        GitSync.Report call() throws GitSync.NotConfigured;
    }

    private static GitSync.Report run(Action action) {
        try {
            return action.call();
        } catch (GitSync.NotConfigured e) {
            throw new ApiException(409, e.getMessage());
        }
    }

    /** The report; one that is not ok is an error answer ({@code error}, the conflicts as {@code problems}). */
    private static void answer(Context ctx, GitSync.Report r) {
        if (r.ok()) {
            ctx.json(r);
            return;
        }
        ctx.status(r.outcome().equals("failed") ? 502 : 409)
                .json(Map.of("error", r.message(), "problems", r.conflicts(), "report", r));
    }

    /** The pushed ref, as GitHub, GitLab and Gitea all name it ({@code "ref"}); null for a ping or another body. */
    private String ref(byte[] body) {
        try {
            JsonNode n = json.readTree(body);
            return n != null && n.path("ref").isTextual() ? n.path("ref").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}

package dev.tejun.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.ApiException;
import dev.tejun.server.Json;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.audit.AuditLog;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/** {@code /api/tokens}: everybody manages their own API tokens; an admin sees and revokes everybody's. */
public final class TokensHandler {

    /** {@code days}: the token's lifetime in days (1 to 3650); absent: it does not expire. */
    public record NewTokenRequest(String label, Integer days) {}

    static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

    private final TokenStore tokens;
    private final AuditLog audit;
    private final ObjectMapper json;

    public TokensHandler(TokenStore tokens, AuditLog audit, ObjectMapper json) {
        this.tokens = tokens;
        this.audit = audit;
        this.json = json;
    }

    public void list(Context ctx) {
        Principal p = Access.principal(ctx).orElseThrow();
        boolean all = p.may(Role.ADMIN) && "true".equals(ctx.queryParam("all"));
        ctx.json(tokens.list(all ? null : p.name()));
    }

    public void create(Context ctx) throws Exception {
        Principal p = Access.principal(ctx).orElseThrow();
        String body = ctx.body();
        NewTokenRequest req =
                body.isBlank() ? new NewTokenRequest(null, null) : RequestBodies.read(ctx, json, NewTokenRequest.class);
        TokenStore.NewToken t = UsersHandler.guarded(() -> tokens.create(p.name(), req.label(), req.days()));
        Access.markAudited(ctx);
        audit.append(
                p.name(),
                p.via(),
                "token.create",
                t.info().id(),
                "ok",
                ctx.ip(),
                t.info().expiresAt() == null
                        ? Json.object("label", t.info().label())
                        : "{\"label\":" + Json.quoted(t.info().label()) + ",\"expiresAt\":"
                                + Json.quoted(t.info().expiresAt().toString()) + "}");
        ctx.status(201).json(t);
    }

    public void revoke(Context ctx) {
        Principal p = Access.principal(ctx).orElseThrow();
        String id = ctx.pathParam("id");
        if (!ID.matcher(id).matches()) {
            throw ApiException.badRequest("not a valid token id");
        }
        TokenStore.TokenInfo t = tokens.find(id).orElseThrow(() -> ApiException.notFound("no token " + id));
        if (!t.owner().equals(p.name()) && !p.may(Role.ADMIN)) {
            throw ApiException.notFound("no token " + id);
        }
        UsersHandler.guarded(() -> {
            tokens.revoke(id);
            return null;
        });
        Access.markAudited(ctx);
        audit.append(p.name(), p.via(), "token.revoke", id, "ok", ctx.ip(), Json.object("owner", t.owner()));
        ctx.status(204);
    }
}

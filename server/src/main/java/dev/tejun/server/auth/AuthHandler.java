package dev.tejun.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.audit.AuditLog;
import io.javalin.http.Context;

import java.time.Clock;
import java.util.List;

/** {@code POST /api/login}, {@code POST /api/logout}, {@code GET /api/me}. */
public final class AuthHandler {

    record Login(String name, String password) {
    }

    /** Who is signed in; {@code csrfToken} is what the web UI sends back as {@code X-CSRF-Token}. */
    public record Me(String name, List<String> roles, String via, String csrfToken) {
        static Me of(Principal p) {
            return new Me(p.name(), p.roles().stream().map(Role::wire).sorted().toList(), p.via(), p.csrfToken());
        }
    }

    private final UserStore users;
    private final SignIns signIns;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final ThrottleAudit throttleAudit;

    public AuthHandler(UserStore users, SignIns signIns, LoginThrottle throttle, AuditLog audit, ObjectMapper json,
                       Clock clock) {
        this.users = users;
        this.signIns = signIns;
        this.throttle = throttle;
        this.audit = audit;
        this.json = json;
        this.throttleAudit = new ThrottleAudit(audit, clock);
    }

    public void login(Context ctx) {
        Access.markAudited(ctx);
        if (ctx.header("Origin") != null && !Access.sameOrigin(ctx)) {
            // a foreign page must not sign a browser in to an account of its choosing
            audit.append(null, "web", "login", null, "refused", ctx.ip(), Access.jsonString("reason", "foreign origin"));
            throw new ApiException(403, "cross-site sign-in refused");
        }
        Login body = RequestBodies.read(ctx, json, Login.class);
        String name = body.name() == null ? "" : body.name().strip();
        String address = ctx.ip();
        // A name no user can have is throttled under one key, so megabyte names cannot fill the throttle's memory.
        String throttleKey = UserStore.NAME.matcher(name).matches() ? name : "(not a user name)";
        String slow = throttle.refusal(throttleKey, address);
        if (slow != null) {
            throttleAudit.refused(name, address, slow);
            throw new ApiException(429, slow);
        }
        var user = body.password() == null ? java.util.Optional.<User>empty() : users.check(name, body.password());
        if (user.isEmpty()) {
            throttle.failed(throttleKey, address);
            audit.append(name, "web", "login", name, "failed", address, null);
            throw new ApiException(401, "wrong user name or password");
        }
        throttle.succeeded(name);
        SignIns.SignIn s = signIns.create(name);
        audit.append(name, "web", "login", name, "ok", address, null);
        ctx.header("Set-Cookie", Access.COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + SignIns.ABSOLUTE.toSeconds());
        ctx.json(Me.of(new Principal(name, user.get().roles(), "web", s.csrfToken())));
    }

    public void logout(Context ctx) {
        signIns.end(ctx.cookie(Access.COOKIE));
        ctx.header("Set-Cookie", Access.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        ctx.status(204);
    }

    public void me(Context ctx) {
        ctx.json(Me.of(Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"))));
    }
}

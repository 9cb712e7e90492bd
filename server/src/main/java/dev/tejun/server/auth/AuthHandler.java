package dev.tejun.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.ApiException;
import dev.tejun.server.Json;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import dev.tejun.server.edge.Origins;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;

/** {@code POST /api/login}, {@code POST /api/logout}, {@code GET /api/me}, {@code POST /api/me/password}. */
public final class AuthHandler {

    public record Login(String name, String password) {}

    /** The body of {@code POST /api/me/password}. */
    public record PasswordChange(String current, String password) {}

    /** Who is signed in; {@code csrfToken} is what the web UI sends back as {@code X-CSRF-Token}. */
    public record Me(String name, List<String> roles, String via, String csrfToken) {
        static Me of(Principal p) {
            return new Me(
                    p.name(),
                    p.roles().stream().map(Role::wire).sorted().toList(),
                    p.via().wire(),
                    p.csrfToken());
        }
    }

    private final UserStore users;
    private final SignIns signIns;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final ThrottleAudit throttleAudit;
    private final LocalSignIn local;
    private final PasswordDirectory directory;

    public AuthHandler(
            UserStore users,
            SignIns signIns,
            LoginThrottle throttle,
            AuditLog audit,
            ObjectMapper json,
            Clock clock,
            LocalSignIn local,
            PasswordDirectory directory) {
        this.local = local;
        this.directory = directory;
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
            audit.append(null, Via.WEB, "login", null, "refused", ctx.ip(), Json.object("reason", "foreign origin"));
            throw new ApiException(403, "cross-site sign-in refused");
        }
        Login body = RequestBodies.read(ctx, json, Login.class);
        if (local == LocalSignIn.OFF) {
            audit.append(null, Via.WEB, "login", null, "refused", ctx.ip(), Json.object("reason", "local sign-in off"));
            throw new ApiException(403, "sign-in with a password is off here: use single sign-on");
        }
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
        // with local sign-in for admins only, anybody else's right password counts as a wrong one: no hint either way
        if (user.isPresent() && !local.allows(user.get().roles())) {
            user = java.util.Optional.empty();
        } else if (user.isEmpty()
                && body.password() != null
                && !users.source(name).equals(java.util.Optional.of("local"))) {
            user = fromDirectory(name, body.password(), throttleKey, address);
        }
        if (user.isEmpty()) {
            throttle.failed(throttleKey, address);
            audit.append(name, Via.WEB, "login", name, "failed", address, null);
            throw new ApiException(401, "wrong user name or password");
        }
        throttle.succeeded(name);
        audit.append(name, Via.WEB, "login", name, "ok", address, null);
        ctx.json(signIn(ctx, name, user.get().roles()));
    }

    /** A name that is no local user, asked of the directory; a refusal counts as a failed sign-in too. */
    private java.util.Optional<User> fromDirectory(String name, String password, String throttleKey, String address) {
        try {
            return directory.signIn(name, password);
        } catch (PasswordDirectory.Refused e) {
            throttle.failed(throttleKey, address);
            audit.append(name, Via.WEB, "login", name, "refused", address, Json.object("reason", e.getMessage()));
            throw new ApiException(403, e.getMessage());
        }
    }

    /** A new browser sign-in: its cookie on the answer, and who it is with its CSRF token. */
    public Me signIn(Context ctx, String name, java.util.Set<Role> roles) {
        SignIns.SignIn s = signIns.create(name);
        ctx.header(
                "Set-Cookie",
                Access.COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                        + SignIns.ABSOLUTE.toSeconds() + secure(ctx));
        return Me.of(new Principal(name, roles, Via.WEB, s.csrfToken()));
    }

    /**
     * {@code ; Secure} when the browser reached the server over HTTPS: Jetty's own TLS, a trusted proxy's {@code
     * X-Forwarded-Proto: https}, or an https public URL (then a plain-HTTP hop behind it does not matter).
     */
    private static String secure(Context ctx) {
        return ctx.req().isSecure() || Origins.of(ctx).publicHttps() ? "; Secure" : "";
    }

    /**
     * {@code POST /api/me/password}: a user changes their own password, proving the current one (throttled as a
     * sign-in is). Every session of theirs ends; a browser that asked gets a new one at once.
     */
    public void changePassword(Context ctx) {
        Principal p = Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        Access.markAudited(ctx);
        PasswordChange body = RequestBodies.read(ctx, json, PasswordChange.class);
        String address = ctx.ip();
        String slow = throttle.refusal(p.name(), address);
        if (slow != null) {
            audit.append(p.name(), p.via(), "password.change", p.name(), "throttled", address, null);
            throw new ApiException(429, slow);
        }
        if (body.current() == null || users.check(p.name(), body.current()).isEmpty()) {
            throttle.failed(p.name(), address);
            audit.append(p.name(), p.via(), "password.change", p.name(), "failed", address, null);
            throw new ApiException(403, "the current password is wrong");
        }
        try {
            users.setPassword(p.name(), body.password());
        } catch (IllegalArgumentException e) {
            audit.append(
                    p.name(),
                    p.via(),
                    "password.change",
                    p.name(),
                    "refused",
                    address,
                    Json.object("reason", e.getMessage()));
            throw ApiException.badRequest(e.getMessage());
        }
        signIns.endAll(p.name());
        audit.append(p.name(), p.via(), "password.change", p.name(), "ok", address, null);
        if (p.via() == Via.WEB) {
            ctx.json(signIn(ctx, p.name(), p.roles()));
        } else {
            ctx.status(204);
        }
    }

    public void logout(Context ctx) {
        signIns.end(ctx.cookie(Access.COOKIE));
        ctx.header("Set-Cookie", Access.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + secure(ctx));
        ctx.status(204);
    }

    public void me(Context ctx) {
        ctx.json(Me.of(Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"))));
    }
}

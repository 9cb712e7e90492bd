package dev.tejun.server.auth;

import dev.tejun.server.ApiException;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import dev.tejun.server.edge.Origins;
import dev.tejun.server.web.WebAssets;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that decides whether a request may go on. {@link #identify} runs before everything and finds the
 * caller (a sign-in cookie or a {@code Bearer} token); {@link #check} runs before every matched route and compares
 * the caller's roles with the route's {@link Role}; {@link #guardPages} keeps the UI's pages behind sign-in.
 * Every refusal is written to the audit log.
 */
public final class Access {

    public static final String COOKIE = "tejun_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String PRINCIPAL = "tejun.principal";
    static final String AUDITED = "tejun.audited";
    /** Set when the request showed an API token whose expiry has passed: when it expired. */
    static final String EXPIRED = "tejun.token.expired";
    /** What anybody may load: the sign-in page and what it needs (its message catalogue too, under /i18n/). */
    static final Set<String> PUBLIC_FILES = Set.of(
            "/login.html",
            "/login.js",
            "/style.css",
            "/trust.css",
            "/favicon.svg",
            "/lib/i18n.js",
            "/lib/theme.js",
            "/lib/http.js");

    private final UserStore users;
    private final TokenStore tokens;
    private final SignIns signIns;
    private final AuditLog audit;

    public Access(UserStore users, TokenStore tokens, SignIns signIns, AuditLog audit) {
        this.users = users;
        this.tokens = tokens;
        this.signIns = signIns;
        this.audit = audit;
    }

    /** Finds who calls, if anybody, and keeps it on the request for {@link #principal}. */
    public void identify(Context ctx) {
        ctx.attribute(PRINCIPAL, resolve(ctx).orElse(null));
    }

    /** The caller as {@link #identify} found it. */
    public static Optional<Principal> principal(Context ctx) {
        return Optional.ofNullable(ctx.attribute(PRINCIPAL));
    }

    /** The caller's user name; "anonymous" only on the few public routes, where nobody signed in. */
    public static String userName(Context ctx) {
        return principal(ctx).map(Principal::name).orElse("anonymous");
    }

    private Optional<Principal> resolve(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.empty();
            }
            Via via = "cli".equalsIgnoreCase(ctx.header("X-Tejun-Client")) ? Via.CLI : Via.API;
            TokenStore.Presented token =
                    tokens.present(authorization.substring(7).strip());
            token.expiredAt().ifPresent(at -> ctx.attribute(EXPIRED, at));
            return token.owner().flatMap(users::find).map(u -> new Principal(u.name(), u.roles(), via, null));
        }
        return signIns.find(ctx.cookie(COOKIE))
                .flatMap(
                        s -> users.find(s.user()).map(u -> new Principal(u.name(), u.roles(), Via.WEB, s.csrfToken())));
    }

    /** Before every matched route: sign-in, role, and for a browser's state change, same origin or CSRF token. */
    public void check(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.isEmpty() && !ctx.path().startsWith("/api/") && !ctx.path().startsWith("/ws/")) {
            return; // static files: guardPages has decided
        }
        if (roles.isEmpty()) {
            throw refuse(ctx, null, 403, "route " + ctx.method() + " " + ctx.endpoint().path + " names no role");
        }
        if (roles.contains(Role.PUBLIC)) {
            return;
        }
        Principal p = principal(ctx).orElseThrow(() -> refuse(ctx, null, 401, signInFirst(ctx)));
        for (RouteRole r : roles) {
            if (!p.may((Role) r)) {
                throw refuse(ctx, p, 403, "needs role " + ((Role) r).wire());
            }
        }
        String csrf = csrfProblem(ctx, p);
        if (csrf != null) {
            throw refuse(ctx, p, 403, csrf);
        }
    }

    /** A WebSocket handshake: sign-in required (a browser sends its cookie; the CLI a token), then the role. */
    public Principal admitSocket(Context ctx, Role needed) {
        identify(ctx);
        Principal p = principal(ctx).orElseThrow(() -> refuse(ctx, null, 401, signInFirst(ctx)));
        if (!p.may(needed)) {
            throw refuse(ctx, p, 403, "needs role " + needed.wire());
        }
        return p;
    }

    /** Pages other than the sign-in page need a sign-in: a browser is sent to the sign-in page. */
    public void guardPages(Context ctx) {
        String path = WebAssets.unversioned(ctx.path());
        if (!path.equals(ctx.path()) && (path.endsWith(".html") || path.equals("/"))) {
            // a page is always asked for and checked (no-cache); under an immutable name a browser would keep it a
            // year and show it again without asking, after a sign-out too
            throw new ApiException(404, "pages are not served under a versioned name: ask for " + path);
        }
        if (path.startsWith("/api/")
                || path.startsWith("/ws/")
                || PUBLIC_FILES.contains(path)
                || (path.startsWith("/i18n/") && path.endsWith(".json") && !path.contains(".."))
                || principal(ctx).isPresent()) {
            return;
        }
        if (path.equals("/") || path.endsWith(".html")) {
            String target = path.equals("/") ? "/index.html" : path;
            String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
            ctx.redirect("/login.html?next="
                    + java.net.URLEncoder.encode(target + query, java.nio.charset.StandardCharsets.UTF_8));
            ctx.skipRemainingHandlers();
            return;
        }
        throw new ApiException(401, "sign in first");
    }

    /**
     * Null when a state change is not cross-site: token callers cannot be forged by a browser; a signed-in browser
     * must send its CSRF token or an Origin (or Referer) of this very server.
     */
    static String csrfProblem(Context ctx, Principal p) {
        String method = ctx.method().name();
        if (!p.cookieBased() || method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return null;
        }
        String token = ctx.header(CSRF_HEADER);
        if (token != null
                && java.security.MessageDigest.isEqual(
                        token.getBytes(), p.csrfToken().getBytes())) {
            return null;
        }
        return sameOrigin(ctx) ? null : "cross-site request refused (send " + CSRF_HEADER + ")";
    }

    static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            // a Referer's origin is everything before the path's first slash after "scheme://"
            String referer = ctx.header("Referer");
            int path = referer == null ? -1 : referer.indexOf('/', referer.indexOf("://") + 3);
            origin = path < 0 ? null : referer.substring(0, path);
        }
        return Origins.of(ctx).own(ctx.req(), origin);
    }

    /** Why a request without a caller is refused: an expired token says so, with when. */
    private static String signInFirst(Context ctx) {
        Object expired = ctx.attribute(EXPIRED);
        return expired == null ? "sign in first" : "the API token expired at " + expired + "; make a new one";
    }

    ApiException refuse(Context ctx, Principal p, int status, String why) {
        ctx.attribute(AUDITED, true);
        audit.append(
                p == null ? null : p.name(),
                p == null ? viaOf(ctx) : p.via(),
                "refused",
                ctx.method() + " " + ctx.path(),
                String.valueOf(status),
                ctx.ip(),
                Json.object("reason", why));
        return new ApiException(status, why);
    }

    /** Whether the request was already written to the audit log (a refusal or a login). */
    public static boolean audited(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(AUDITED));
    }

    public static void markAudited(Context ctx) {
        ctx.attribute(AUDITED, true);
    }

    public static Via viaOf(Context ctx) {
        if ("cli".equalsIgnoreCase(ctx.header("X-Tejun-Client"))) {
            return Via.CLI;
        }
        return ctx.header("Authorization") != null ? Via.API : Via.WEB;
    }
}

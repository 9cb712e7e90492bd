package dev.tejun.server.sso;

import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.tejun.server.ApiException;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.AuthHandler;
import dev.tejun.server.auth.User;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * {@code GET /api/sso/oidc/start} sends the browser to the provider; {@code GET /api/sso/oidc/callback} takes it back,
 * checks state (and that this browser started it), trades the code with the PKCE verifier, checks the ID token
 * (signature, issuer, audience, nonce, expiry) and the user's groups, and signs the browser in.
 */
public final class OidcHandler {

    /** The cookie binding a started sign-in to its browser: Lax, since the provider's redirect back is cross-site. */
    static final String BINDING = "tejun_sso";

    static final String CALLBACK = "/api/sso/oidc/callback";

    private final OidcProvider provider;
    private final ExternalSignIn admit;
    private final AuthHandler auth;
    private final AuditLog audit;
    private final URI publicUrl;
    private final PendingSignIns<Began> pending;

    /** A sign-in under way and the page of this server to go back to once it is done. */
    private record Began(OidcProvider.Started started, String next) {}

    private final String localSignIn;

    /** What the sign-in page offers: {@code GET /api/sso}. */
    public record Options(boolean oidc, String localSignIn) {}

    /**
     * @param provider    null when no provider is configured: the routes answer 404
     * @param publicUrl   {@code server.public-url}, or null: the callback is on the origin the browser used
     * @param localSignIn {@code sso.local-sign-in}, for the sign-in page
     */
    public OidcHandler(
            OidcProvider provider,
            ExternalSignIn admit,
            AuthHandler auth,
            AuditLog audit,
            URI publicUrl,
            Clock clock,
            String localSignIn) {
        this.provider = provider;
        this.localSignIn = localSignIn;
        this.admit = admit;
        this.auth = auth;
        this.audit = audit;
        this.publicUrl = publicUrl;
        this.pending = new PendingSignIns<>(clock);
    }

    public void options(Context ctx) {
        ctx.json(new Options(provider != null, localSignIn));
    }

    public void start(Context ctx) {
        configured();
        String next = ctx.queryParam("next");
        if (next == null || next.isEmpty()) {
            next = "/";
        } else if (!isLocalPath(next)) {
            // a link to the sign-in must not send the browser elsewhere once signed in (an open redirect)
            throw ApiException.badRequest("next must be a path on this server (/flow.html?…), not '" + next + "'");
        }
        OidcProvider.Started started;
        try {
            started = provider.start(callbackUri(ctx));
        } catch (OidcProvider.Unavailable e) {
            throw new ApiException(503, e.getMessage());
        }
        String binding = pending.add(started.state().getValue(), new Began(started, next));
        if (binding == null) {
            throw new ApiException(503, "too many sign-ins are under way; try again in a few minutes");
        }
        ctx.header(
                "Set-Cookie",
                BINDING + "=" + binding + "; Path=" + CALLBACK + "; HttpOnly; SameSite=Lax; Max-Age="
                        + PendingSignIns.LIFETIME.toSeconds()
                        + (callbackUri(ctx).getScheme().equals("https") ? "; Secure" : ""));
        ctx.redirect(started.redirect().toString());
    }

    public void callback(Context ctx) {
        configured();
        Access.markAudited(ctx);
        Began began = pending.take(ctx.queryParam("state"), ctx.cookie(BINDING));
        OidcProvider.Started started = began == null ? null : began.started();
        if (started == null) {
            throw refuse(ctx, null, 400, "the sign-in's state is unknown, used, expired or from another browser");
        }
        String error = ctx.queryParam("error");
        if (error != null) {
            throw refuse(ctx, null, 403, "the provider refused: " + error + " " + ctx.queryParam("error_description"));
        }
        String iss = ctx.queryParam("iss");
        if (iss != null && !iss.equals(provider.settings().issuer().toString())) {
            // RFC 9207: an answer from another provider than the one asked (mix-up)
            throw refuse(ctx, null, 400, "the answer comes from issuer " + iss + ", not the configured one");
        }
        String code = ctx.queryParam("code");
        if (code == null) {
            throw refuse(ctx, null, 400, "the provider's answer has no code");
        }
        IDTokenClaimsSet claims;
        try {
            claims = provider.finish(code, started);
        } catch (OidcProvider.Unavailable e) {
            throw refuse(ctx, null, 502, e.getMessage());
        } catch (IdTokens.Refused e) {
            throw refuse(ctx, null, 403, e.getMessage());
        }
        OidcSettings s = provider.settings();
        String name = claims.getStringClaim(s.userClaim());
        User user;
        try {
            user = admit.admit(name, "oidc", groups(claims, s.groupsClaim()), s.roles());
        } catch (ExternalSignIn.Refused e) {
            throw refuse(ctx, name, 403, e.getMessage());
        }
        audit.append(user.name(), Via.WEB, "login", user.name(), "ok", ctx.ip(), Json.object("via", "oidc"));
        auth.signIn(ctx, user.name(), user.roles());
        ctx.res().addHeader("Set-Cookie", BINDING + "=; Path=" + CALLBACK + "; HttpOnly; SameSite=Lax; Max-Age=0");
        // A page, not a redirect: the Strict session cookie set here is sent with the next, same-site, navigation.
        String next = escape(began.next());
        ctx.html("<!doctype html><meta charset=utf-8><meta http-equiv=refresh content=\"0;url=" + next + "\">"
                + "<title>Signed in</title><p><a href=\"" + next + "\">Signed in — continue</a>");
    }

    /**
     * Whether {@code next} is a path on this origin: one leading slash (not {@code //host}, which a browser reads as
     * another origin), no backslash (which browsers read as a slash), no scheme, no control or space characters.
     */
    static boolean isLocalPath(String next) {
        if (!next.startsWith("/") || next.startsWith("//") || next.length() > 2000) {
            return false;
        }
        for (char c : next.toCharArray()) {
            if (c == '\\' || c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        try {
            URI u = new URI(next);
            return u.getScheme() == null && u.getRawAuthority() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("\"", "&quot;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }

    private void configured() {
        if (provider == null) {
            throw ApiException.notFound("OpenID sign-in is not configured (sso.oidc.issuer)");
        }
    }

    /** The groups claim: a list of names, or one name as a string. */
    private static List<String> groups(IDTokenClaimsSet claims, String claim) {
        return switch (claims.getClaim(claim)) {
            case List<?> list -> list.stream().map(String::valueOf).toList();
            case String one -> List.of(one);
            case null, default -> List.of();
        };
    }

    private URI callbackUri(Context ctx) {
        String base =
                publicUrl != null ? publicUrl.toString().replaceAll("/+$", "") : ctx.scheme() + "://" + ctx.host();
        return URI.create(base + CALLBACK);
    }

    private ApiException refuse(Context ctx, String user, int status, String why) {
        audit.append(
                user,
                Via.WEB,
                "login",
                user,
                "refused",
                ctx.ip(),
                Json.quoted(Json.MAPPER.createObjectNode().put("via", "oidc").put("reason", why)));
        return new ApiException(status, "single sign-on refused: " + why);
    }
}

package dev.tejun.server.web;

import io.javalin.http.Context;

/**
 * Headers on every answer that make the browser refuse what the server never means to send: scripts other than
 * the server's own files (so a runbook or an output that slips through escaping still cannot run script), content
 * sniffing, framing by other sites, and the Referer leaking runbook names to other sites.
 */
public final class SecurityHeaders {

    /**
     * Inline styles stay allowed: the editor sets element styles, and a style cannot run code. {@code connect-src
     * 'self'} covers the notebook's own WebSocket.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private SecurityHeaders() {}

    public static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
    }
}

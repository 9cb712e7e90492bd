package dev.tejun.server.edge;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import io.javalin.http.RedirectResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.HttpInput;

/**
 * The first thing every request meets: with Tejun's own TLS, a request on the plain redirect port goes to the same
 * path over HTTPS, and HTTPS answers carry {@code Strict-Transport-Security} so a browser never tries plain HTTP
 * again. It also leaves the server's {@link Origins} on the request for the checks after it, and after the route
 * says when the connection will not go on (see {@link #after}).
 */
public final class Transport {

    private final Origins origins;
    private final int redirectPort;
    private final long hstsMaxAge;
    private volatile int httpsPort;

    /**
     * @param redirectPort the plain port whose requests are redirected, or -1
     * @param hstsMaxAge   seconds in the HSTS header; 0 sends none
     */
    public Transport(Origins origins, int redirectPort, long hstsMaxAge) {
        this.origins = origins;
        this.redirectPort = redirectPort;
        this.hstsMaxAge = hstsMaxAge;
    }

    /** The port HTTPS listens on, once it is known (it may have been picked at start). */
    public void httpsPort(int port) {
        this.httpsPort = port;
    }

    public void before(Context ctx) {
        ctx.attribute(Origins.ATTRIBUTE, origins);
        if (redirectPort >= 0 && !ctx.req().isSecure() && ctx.req().getLocalPort() != httpsPort) {
            String host = ctx.req().getServerName();
            host = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
            String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
            ctx.redirect(
                    "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort) + ctx.path() + query,
                    HttpStatus.MOVED_PERMANENTLY);
            throw new RedirectResponse(HttpStatus.MOVED_PERMANENTLY);
        }
        if (hstsMaxAge > 0 && ctx.req().isSecure()) {
            ctx.header("Strict-Transport-Security", "max-age=" + hstsMaxAge);
        }
    }

    /**
     * A request whose body the route did not read to its end (a POST to a route that needs no input, a body still on
     * its way) is answered {@code Connection: close}. Jetty closes such a connection after the answer whatever it
     * says, but once the answer is written it can no longer say so: a client keeping the connection for its next
     * request then met a closed socket and no answer.
     */
    public void after(Context ctx) {
        HttpServletRequest req = ctx.req();
        boolean body = req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
        if (!body || ctx.res().isCommitted()) {
            return;
        }
        boolean unread;
        try {
            // what has already arrived is dropped, as Jetty would: a body sent with its headers keeps the connection
            unread = !(req.getInputStream() instanceof HttpInput in && in.consumeAvailable());
        } catch (IOException | IllegalStateException e) {
            unread = true; // read as characters, or broken: either way the connection is not worth keeping
        }
        if (unread) {
            ctx.header(Header.CONNECTION, "close");
        }
    }
}

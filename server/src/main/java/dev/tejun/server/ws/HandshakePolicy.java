package dev.tejun.server.ws;

import dev.tejun.server.edge.Origins;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Who may open a session socket. A browser always sends {@code Origin}; it must be the server's own origin as the
 * browser reached it ({@code http://} + the {@code Host} header), so a page from another site cannot drive a
 * session. A client without {@code Origin} must say it is no browser ({@code X-Tejun-Client: cli}): a browser
 * cannot set that header on a WebSocket handshake. When the server listens on loopback only, the host name must
 * be a loopback name too, which stops a DNS-rebinding page whose own origin would otherwise match; the public URL's
 * host and a request through a trusted proxy (which chose the host) pass that check. Behind a proxy the origin may
 * also be the public URL's or the one the proxy's forwarded headers give (see {@link Origins}).
 */
public final class HandshakePolicy {

    public static final String CLIENT_HEADER = "X-Tejun-Client";

    private final boolean loopbackOnly;
    private final String boundHost;
    private final Origins origins;

    public HandshakePolicy(String boundHost) {
        this(boundHost, new Origins(null));
    }

    public HandshakePolicy(String boundHost, Origins origins) {
        this.boundHost = boundHost.toLowerCase(Locale.ROOT);
        this.loopbackOnly = isLoopback(boundHost);
        this.origins = origins;
    }

    /** The origins that are this server (the public URL with them). */
    public Origins origins() {
        return origins;
    }

    /** Null when the handshake of this request may go on, else why it is refused. */
    public String refusal(Context ctx) {
        String hostProblem = hostRefusal(ctx);
        if (hostProblem != null) {
            return hostProblem;
        }
        String origin = ctx.header("Origin");
        if (origin == null) {
            return "cli".equalsIgnoreCase(ctx.header(CLIENT_HEADER))
                    ? null
                    : "missing Origin (non-browser clients send " + CLIENT_HEADER + ": cli)";
        }
        return origins.own(ctx.req(), origin) ? null : "foreign origin " + origin;
    }

    /** Null when the request's Host names this server, else why not. */
    public String hostRefusal(Context ctx) {
        String host = ctx.header("Host");
        if (host != null && !host.isBlank() && (Origins.proxied(ctx.req()) || origins.publicHost(host))) {
            return null;
        }
        return hostRefusal(host);
    }

    /** Null when {@code host} (the Host header) names this server, else why not. */
    public String hostRefusal(String host) {
        if (host == null || host.isBlank()) {
            return "missing Host";
        }
        if (!loopbackOnly) {
            return null;
        }
        String name = hostName(host.toLowerCase(Locale.ROOT));
        boolean ok = name.equals("localhost")
                || name.equals(boundHost)
                || name.equals("::1")
                || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
        return ok ? null : "host " + host + " is not this server";
    }

    private static String hostName(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(1, end);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // only literal addresses: a host name is not looked up here
            return host.matches("[0-9.:\\[\\]a-fA-F]+")
                    && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

package dev.tejun.server.ws;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Who may open a session socket. A browser always sends {@code Origin}; it must be the server's own origin as the
 * browser reached it ({@code http://} + the {@code Host} header), so a page from another site cannot drive a
 * session. A client without {@code Origin} must say it is no browser ({@code X-Tejun-Client: cli}): a browser
 * cannot set that header on a WebSocket handshake. When the server listens on loopback only, the host name must
 * be a loopback name too, which stops a DNS-rebinding page whose own origin would otherwise match.
 */
public final class HandshakePolicy {

    public static final String CLIENT_HEADER = "X-Tejun-Client";

    private final boolean loopbackOnly;
    private final String boundHost;

    public HandshakePolicy(String boundHost) {
        this.boundHost = boundHost.toLowerCase(Locale.ROOT);
        this.loopbackOnly = isLoopback(boundHost);
    }

    /** Null when the handshake may go on, else why it is refused. */
    public String refusal(String host, String origin, String client) {
        String hostProblem = hostRefusal(host);
        if (hostProblem != null) {
            return hostProblem;
        }
        if (origin == null) {
            return "cli".equalsIgnoreCase(client)
                    ? null
                    : "missing Origin (non-browser clients send " + CLIENT_HEADER + ": cli)";
        }
        return origin.equalsIgnoreCase("http://" + host) ? null : "foreign origin " + origin;
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

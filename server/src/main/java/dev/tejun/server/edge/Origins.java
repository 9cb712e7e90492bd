package dev.tejun.server.edge;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;

/**
 * The origins that are this server for one request: {@code http://} or {@code https://} and the {@code Host} header
 * (as a browser reached it directly), the request's own scheme and host (which a trusted proxy's forwarded headers
 * set, see {@link Forwarding}), and the configured public URL. A page from any other origin is a foreign site.
 */
public final class Origins {

    /** The request attribute under which the server's {@code Origins} is found by code that has only the context. */
    public static final String ATTRIBUTE = "dev.tejun.origins";

    private static final Origins NO_PUBLIC_URL = new Origins(null);

    private final String publicOrigin;
    private final String publicHost;

    /** @param publicUrl the configured {@code server.public-url}, or null */
    public Origins(URI publicUrl) {
        this.publicOrigin = publicUrl == null ? null : originOf(publicUrl);
        this.publicHost = publicUrl == null ? null : authority(publicUrl).toLowerCase(Locale.ROOT);
    }

    /** The server's origins as the request's first handler left them, else those without a public URL. */
    public static Origins of(Context ctx) {
        Origins o = ctx.attribute(ATTRIBUTE);
        return o == null ? NO_PUBLIC_URL : o;
    }

    /** Whether {@code origin} (an {@code Origin} header, or a {@code Referer}'s start) is this server. */
    public boolean own(HttpServletRequest req, String origin) {
        if (origin == null) {
            return false;
        }
        String host = req.getHeader("Host");
        return (host != null
                        && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host)))
                || origin.equalsIgnoreCase(requestOrigin(req))
                || origin.equalsIgnoreCase(publicOrigin);
    }

    /** Whether {@code host} (a Host header) is the public URL's host, which the loopback host check accepts. */
    public boolean publicHost(String host) {
        return publicHost != null
                && host != null
                && host.toLowerCase(Locale.ROOT).equals(publicHost);
    }

    /** Whether the public URL is https, so the session cookie must be {@code Secure} whatever the hop before said. */
    public boolean publicHttps() {
        return publicOrigin != null && publicOrigin.startsWith("https://");
    }

    /** Whether the request came through a trusted proxy (its Host is that proxy's business). */
    public static boolean proxied(HttpServletRequest req) {
        return Boolean.TRUE.equals(req.getAttribute(Forwarding.PROXIED));
    }

    /** The request's origin as Jetty sees it after the forwarded headers of a trusted proxy were applied. */
    static String requestOrigin(HttpServletRequest req) {
        String scheme = req.getScheme();
        int port = req.getServerPort();
        boolean usual = port <= 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String name = req.getServerName();
        name = name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
        return scheme + "://" + name + (usual ? "" : ":" + port);
    }

    private static String originOf(URI u) {
        return u.getScheme().toLowerCase(Locale.ROOT) + "://" + authority(u);
    }

    private static String authority(URI u) {
        int port = u.getPort();
        boolean usual = port < 0
                || (u.getScheme().equals("http") && port == 80)
                || (u.getScheme().equals("https") && port == 443);
        return u.getHost().toLowerCase(Locale.ROOT) + (usual ? "" : ":" + port);
    }
}

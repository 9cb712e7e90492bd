package dev.tejun.server.edge;

import dev.tejun.server.config.TrustedProxies;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code X-Forwarded-For/Proto/Host} (and RFC 7239 {@code Forwarded}) only when the peer is a trusted proxy:
 * then Jetty's own {@link ForwardedRequestCustomizer} makes the request carry the client's address, scheme and host,
 * so the audit log, the sign-in throttle, the Origin checks and the cookie's {@code Secure} see the client. From any
 * other peer the headers are ignored (a client could otherwise choose the address the throttle counts), and the
 * first such request is logged so a missing {@code server.trusted-proxies} is noticed.
 */
public final class Forwarding implements HttpConfiguration.Customizer {

    /** The request attribute set on a request that came through a trusted proxy. */
    public static final String PROXIED = "dev.tejun.proxied";

    private static final Logger LOG = LoggerFactory.getLogger(Forwarding.class);

    private final TrustedProxies trusted;
    private final ForwardedRequestCustomizer jetty = new ForwardedRequestCustomizer();
    private final AtomicBoolean warned = new AtomicBoolean();

    public Forwarding(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        String peer = Request.getRemoteAddr(request);
        boolean forwarded = forwarded(request.getHeaders());
        if (!forwarded) {
            return request;
        }
        if (trusted.trusts(peer)) {
            Request customized = jetty.customize(client(request), responseHeaders);
            customized = customized == null ? request : customized;
            customized.setAttribute(PROXIED, Boolean.TRUE);
            return customized;
        }
        if (warned.compareAndSet(false, true)) {
            LOG.warn(
                    "forwarded headers from {} ignored: it is not in server.trusted-proxies ({}); this is logged once",
                    peer,
                    trusted.isEmpty() ? "none set" : trusted);
        }
        return request;
    }

    /**
     * The request with {@code X-Forwarded-For} cut to the one address that counts: the rightmost one that is not a
     * trusted proxy. Each proxy appends the peer it saw; everything left of the last trusted hop was written by the
     * client and may be invented (Jetty alone would take the leftmost).
     */
    private Request client(Request request) {
        String chain = request.getHeaders().get(HttpHeader.X_FORWARDED_FOR);
        if (chain == null) {
            return request;
        }
        String[] hops = request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR).stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::strip)
                .filter(h -> !h.isEmpty())
                .toArray(String[]::new);
        String client = hops.length == 0 ? null : hops[0];
        for (int i = hops.length - 1; i >= 0; i--) {
            client = hops[i];
            if (!trusted.trusts(hops[i])) {
                break;
            }
        }
        HttpFields headers = HttpFields.build(request.getHeaders())
                .remove(HttpHeader.X_FORWARDED_FOR)
                .add(HttpHeader.X_FORWARDED_FOR, client == null ? Request.getRemoteAddr(request) : client)
                .asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return headers;
            }
        };
    }

    private static boolean forwarded(HttpFields headers) {
        return headers.contains(HttpHeader.X_FORWARDED_FOR)
                || headers.contains(HttpHeader.X_FORWARDED_PROTO)
                || headers.contains(HttpHeader.X_FORWARDED_HOST)
                || headers.contains(HttpHeader.X_FORWARDED_PORT)
                || headers.contains(HttpHeader.FORWARDED);
    }
}

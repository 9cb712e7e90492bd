package dev.tejun.server.relay;

import dev.tejun.server.ApiException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay to a server of the cluster that answers over HTTPS with a certificate this server does not trust (a
 * self-signed one, or one of a private CA missing from this JVM's trust store): a misconfiguration the operator must
 * see, named with the server and the cause, not a read quietly answered from the database as if that server were
 * gone.
 */
final class UntrustedPeer {

    private static final Logger LOG = LoggerFactory.getLogger(UntrustedPeer.class);

    private UntrustedPeer() {}

    /** The TLS failure behind {@code failure} (the failure itself or one of its causes), if it is one. */
    static Optional<SSLException> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException tls) {
                return Optional.of(tls);
            }
        }
        return Optional.empty();
    }

    /** The refusal to answer with (502), logged once per relay as a warning. */
    static ApiException refusal(String server, String address, SSLException tls) {
        String message = "server " + server + " at " + address + " could not be reached over HTTPS: " + tls.getMessage()
                + ". Its certificate must be trusted by every server of the cluster: add it (or its CA) to this"
                + " server's Java trust store (-Djavax.net.ssl.trustStore=…), or set its cluster.address to an address"
                + " whose certificate is trusted";
        LOG.warn(message);
        return new ApiException(502, message);
    }
}

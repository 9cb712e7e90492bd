package dev.tejun.server.sso;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS sockets of an {@code ldaps://} connection. JNDI takes its socket factory only as a class name
 * ({@code java.naming.ldap.factory.socket}) and calls that class's static {@code getDefault()} while it connects, on the
 * thread that opens the context; so the directory hands its factory (the one that trusts {@code sso.ldap.ca-file}) to
 * that thread for the length of the open, and no factory outlives it or reaches another directory.
 */
public final class LdapsSockets extends SocketFactory {

    private static final ThreadLocal<SSLSocketFactory> OPENING = new ThreadLocal<>();

    private final SSLSocketFactory tls;

    private LdapsSockets(SSLSocketFactory tls) {
        this.tls = tls;
    }

    /** Runs {@code open} (which makes a JNDI context on this thread) with {@code tls} as the ldaps sockets. */
    static <T, E extends Exception> T with(SSLSocketFactory tls, Opening<T, E> open) throws E {
        OPENING.set(tls);
        try {
            return open.open();
        } finally {
            OPENING.remove();
        }
    }

    /** What JNDI calls; outside {@link #with} there is no factory, and nothing connects. */
    public static SocketFactory getDefault() {
        SSLSocketFactory tls = OPENING.get();
        if (tls == null) {
            throw new IllegalStateException("an ldaps connection opened outside LdapDirectory");
        }
        return new LdapsSockets(tls);
    }

    /** A JNDI open that may throw {@code E}. */
    @FunctionalInterface
    interface Opening<T, E extends Exception> {
        T open() throws E;
    }

    @Override
    public Socket createSocket() throws IOException {
        return tls.createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return tls.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
        return tls.createSocket(host, port, local, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return tls.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
        return tls.createSocket(host, port, local, localPort);
    }
}

package dev.tejun.server.edge;

import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS in Jetty: the key and certificate from a PKCS#12 keystore or from PEM files, loaded once at start-up so a
 * wrong password or a key that does not fit is a clear error before the server listens, not a failed handshake later.
 */
public final class Tls {

    private final KeyStore keys;
    private final char[] password;

    private Tls(KeyStore keys, char[] password) {
        this.keys = keys;
        this.password = password;
    }

    /** The server's key as configured, or null when the settings name no keystore and no certificate. */
    public static Tls from(Settings s) throws ConfigError {
        if (!s.tls()) {
            return null;
        }
        Path keystore = s.path(Key.SERVER_TLS_KEYSTORE);
        try {
            if (keystore != null) {
                Path pwFile = s.path(Key.SERVER_TLS_KEYSTORE_PASSWORD_FILE);
                char[] pw = pwFile == null ? new char[0] : firstLine(pwFile).toCharArray();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(keystore)) {
                    ks.load(in, pw);
                }
                return new Tls(ks, pw);
            }
            return new Tls(pem(s.path(Key.SERVER_TLS_CERT), s.path(Key.SERVER_TLS_KEY)), new char[0]);
        } catch (IOException | GeneralSecurityException e) {
            String where = keystore != null ? s.where(Key.SERVER_TLS_KEYSTORE) : s.where(Key.SERVER_TLS_CERT);
            String key = keystore != null ? Key.SERVER_TLS_KEYSTORE.key() : Key.SERVER_TLS_CERT.key();
            throw new ConfigError(where + ": " + key + ": cannot load the server's key and certificate: " + e);
        }
    }

    private static String firstLine(Path file) throws IOException {
        return Files.readAllLines(file).stream().findFirst().orElse("").strip();
    }

    /** A keystore in memory from a PEM certificate chain and an unencrypted PKCS#8 key (RSA or EC). */
    private static KeyStore pem(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        List<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile)))
                .stream()
                .toList();
        if (chain.isEmpty()) {
            throw new GeneralSecurityException(certFile + " holds no certificate");
        }
        String text = Files.readString(keyFile);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new GeneralSecurityException(
                    keyFile + " is not an unencrypted PKCS#8 key (BEGIN PRIVATE KEY); convert it with"
                            + " openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder()
                .decode(text.replaceAll("(?s).*-----BEGIN PRIVATE KEY-----", "")
                        .replaceAll("(?s)-----END PRIVATE KEY-----.*", ""));
        String algorithm = chain.getFirst().getPublicKey().getAlgorithm();
        PrivateKey key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("tejun", key, new char[0], chain.toArray(Certificate[]::new));
        return ks;
    }

    /** An HTTPS connector on {@code host:port} with the plain connector's settings and customizers. */
    public ServerConnector connector(Server server, HttpConfiguration plain, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keys);
        ssl.setKeyStorePassword(new String(password));
        HttpConfiguration https = new HttpConfiguration(plain);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // a certificate for the public name is still served to a client that asks for 127.0.0.1 (health checks)
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector c = new ServerConnector(
                server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        c.setHost(host);
        c.setPort(port);
        return c;
    }

    /** A plain-HTTP connector whose every request {@link Transport} redirects to HTTPS. */
    public static ServerConnector plainConnector(Server server, HttpConfiguration plain, String host, int port) {
        ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(plain));
        c.setHost(host);
        c.setPort(port);
        return c;
    }
}

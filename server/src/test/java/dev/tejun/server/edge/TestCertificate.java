package dev.tejun.server.edge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate for localhost and 127.0.0.1 made by the real tools: {@code openssl} for PEM files, {@code keytool}
 * for a PKCS#12 keystore; and a TLS context that trusts only it, as a client that was given the certificate would.
 */
record TestCertificate(Path cert, Path key, Path keystore, Path passwordFile) {

    static final String PASSWORD = "keystore-secret";

    static TestCertificate make(Path dir) throws IOException, InterruptedException {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        run(List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString()));
        Path keystore = dir.resolve("server.p12");
        run(List.of(
                "keytool",
                "-genkeypair",
                "-alias",
                "tejun",
                "-keyalg",
                "EC",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD));
        Path passwordFile = Files.writeString(dir.resolve("keystore-password"), PASSWORD + "\n");
        return new TestCertificate(cert, key, keystore, passwordFile);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(command.getFirst() + " failed: " + out);
        }
    }

    /** A client context trusting the PEM certificate only. */
    SSLContext trustingPem() throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(cert)) {
            return trusting(CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
    }

    /** A client context trusting the keystore's certificate only. */
    SSLContext trustingKeystore() throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return trusting(ks.getCertificate("tejun"));
    }

    private static SSLContext trusting(Certificate c) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", c);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}

package dev.tejun.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1, made by the real {@code openssl}: the server under test (a mail server,
 * an LDAP directory) presents it, and the client is told to trust it as its CA.
 *
 * @param cert {@code cert.pem}, the certificate and the CA a client trusts
 * @param key  {@code key.pem}, its private key, unencrypted
 */
public record LoopbackCertificate(Path cert, Path key) {

    private static final String OPENSSL = "/usr/bin/openssl";

    /**
     * Writes {@code cert.pem} and {@code key.pem} into {@code dir}, valid for a day.
     *
     * @throws IllegalStateException when openssl is missing or fails, with what it said
     */
    public static LoopbackCertificate make(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(OPENSSL))) {
            throw new IllegalStateException("this test needs " + OPENSSL + ": apt-get install openssl");
        }
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        List<String> command = List.of(
                OPENSSL,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString());
        Process openssl = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String said = new String(openssl.getInputStream().readAllBytes());
        if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IllegalStateException("openssl failed: " + said);
        }
        return new LoopbackCertificate(cert, key);
    }
}

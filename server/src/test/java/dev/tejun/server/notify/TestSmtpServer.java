package dev.tejun.server.notify;

import dev.tejun.server.fixtures.Await;
import dev.tejun.testing.LoopbackCertificate;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real SMTP server on loopback: Debian's aiosmtpd (python3-aiosmtpd) with STARTTLS required, AUTH required after
 * it (user {@link #USER}), and every accepted mail stored in a Maildir the test reads. The certificate is made by
 * openssl for 127.0.0.1 and is the CA the client is told to trust.
 */
final class TestSmtpServer implements AutoCloseable {

    static final String USER = "tejun-mail";
    static final String PASSWORD = "mail-pass-1";

    private static final String SERVER = """
            import ssl, sys, time
            from aiosmtpd.controller import Controller
            from aiosmtpd.handlers import Mailbox
            from aiosmtpd.smtp import AuthResult, LoginPassword
            cert, key, maildir, port, user, password = sys.argv[1:7]
            tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls.load_cert_chain(cert, key)
            def check(server, session, envelope, mechanism, data):
                ok = isinstance(data, LoginPassword) and data.login.decode() == user and data.password.decode() == password
                return AuthResult(success=ok, handled=False)
            c = Controller(Mailbox(maildir), hostname="127.0.0.1", port=int(port), tls_context=tls,
                           require_starttls=True, authenticator=check, auth_require_tls=True, auth_exclude_mechanism=["LOGIN"])
            c.start()
            print("ready", flush=True)
            while True:
                time.sleep(3600)
            """;

    final int port;
    final Path caFile;
    final Path maildir;
    private final Process server;

    TestSmtpServer(Path dir) throws IOException, InterruptedException {
        for (String tool : List.of("/usr/bin/python3", "/usr/bin/openssl")) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new IllegalStateException("the mail tests need " + tool
                        + ": apt-get install python3-aiosmtpd openssl (./tejun test installs them)");
            }
        }
        caFile = dir.resolve("cert.pem");
        maildir = dir.resolve("Maildir");
        LoopbackCertificate.make(dir);
        Path script = Files.writeString(dir.resolve("smtpd.py"), SERVER);
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        server = new ProcessBuilder(
                        "/usr/bin/python3",
                        script.toString(),
                        caFile.toString(),
                        dir.resolve("key.pem").toString(),
                        maildir.toString(),
                        Integer.toString(port),
                        USER,
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        InputStream out = server.getInputStream();
        StringBuilder said = new StringBuilder();
        for (int c; !said.toString().contains("ready") && (c = out.read()) >= 0; ) {
            said.append((char) c);
        }
        if (!said.toString().contains("ready")) {
            throw new IllegalStateException("aiosmtpd did not start (apt-get install python3-aiosmtpd): " + said);
        }
        Thread.ofVirtual()
                .start(
                        () -> { // never block the server on a full pipe
                            try {
                                out.transferTo(java.io.OutputStream.nullOutputStream());
                            } catch (IOException ended) {
                                // the server stopped
                            }
                        });
        try (Socket probe = new Socket("127.0.0.1", port)) {
            probe.getInputStream().read(); // the banner: it accepts connections
        }
    }

    /** The mails received so far, as files in Maildir/new. */
    List<Path> mails() throws IOException {
        Path fresh = maildir.resolve("new");
        if (!Files.isDirectory(fresh)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(fresh)) {
            return s.sorted().toList();
        }
    }

    /**
     * The first mail received that {@code wanted} accepts, parsed; waits for it. Tests find their mail by what it says,
     * never by its place in the folder: Maildir names do not sort by arrival (their microsecond part is not padded), and
     * a mail of an earlier test (a retried delivery) may arrive late.
     */
    /** What a test looks for in a mail; may throw what reading the mail throws. */
    interface Wanted {
        boolean test(MimeMessage m) throws Exception;
    }

    MimeMessage await(Wanted wanted, String what) throws Exception {
        MimeMessage[] found = new MimeMessage[1];
        Await.until(
                () -> {
                    for (Path p : mails()) {
                        try (InputStream in = Files.newInputStream(p)) {
                            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
                            if (wanted.test(m)) {
                                found[0] = m;
                                return true;
                            }
                        }
                    }
                    return false;
                },
                what);
        return found[0];
    }

    /** The {@code notify.smtp.*} settings for this server, as tejun.yaml lines under {@code notify:}. */
    String yaml(Path passwordFile) {
        return "  smtp:\n    host: 127.0.0.1\n    port: " + port + "\n    ca-file: " + caFile + "\n    user: " + USER
                + "\n    password-file: " + passwordFile + "\n    from: tejun@example.com\n";
    }

    @Override
    public void close() {
        server.destroyForcibly();
    }
}

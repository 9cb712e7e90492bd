package dev.tejun.server.sso;

import dev.tejun.testing.LoopbackCertificate;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenLDAP {@code slapd} (Debian's slapd package) on a loopback port, over a directory made in a temp folder:
 * {@code dc=example,dc=com} with people dave (group ops), erin (group staff) and frank (ops and approvers), each with
 * password {@code NAME-password-123}; the search account {@code cn=admin,dc=example,dc=com} / {@code admin-secret}.
 * It has a certificate for 127.0.0.1 ({@link #caFile}, made by openssl) and accepts nothing but TLS: StartTLS on
 * {@link #port}, {@code ldaps://} on {@link #ldapsPort}; {@code security tls=1}, so a bind sent in the clear fails.
 */
final class TestSlapd implements AutoCloseable {

    static final String BASE = "dc=example,dc=com";

    final int port;
    final int ldapsPort;
    final Path caFile;
    private final Process slapd;

    TestSlapd(Path dir) throws IOException, InterruptedException {
        for (String tool : List.of("/usr/sbin/slapd", "/usr/sbin/slapadd", "/usr/bin/openssl")) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new IllegalStateException(
                        "the LDAP tests need " + tool + ": apt-get install slapd openssl (./tejun test installs them)");
            }
        }
        Files.createDirectories(dir.resolve("db"));
        caFile = dir.resolve("cert.pem");
        LoopbackCertificate.make(dir);
        Files.writeString(
                dir.resolve("slapd.conf"),
                String.join(
                        "\n",
                        "include /etc/ldap/schema/core.schema",
                        "include /etc/ldap/schema/cosine.schema",
                        "include /etc/ldap/schema/inetorgperson.schema",
                        "modulepath /usr/lib/ldap",
                        "moduleload back_mdb",
                        "pidfile " + dir.resolve("slapd.pid"),
                        "TLSCertificateFile " + caFile,
                        "TLSCertificateKeyFile " + dir.resolve("key.pem"),
                        "security tls=1",
                        "database mdb",
                        "maxsize 10485760",
                        "suffix \"" + BASE + "\"",
                        "rootdn \"cn=admin," + BASE + "\"",
                        "rootpw admin-secret",
                        "directory " + dir.resolve("db"),
                        "access to attrs=userPassword by self write by anonymous auth by * none",
                        "access to * by * read",
                        ""));
        StringBuilder ldif = new StringBuilder(
                "dn: " + BASE + "\nobjectClass: dcObject\nobjectClass: organization\n" + "o: Example\ndc: example\n\n");
        for (String ou : List.of("people", "groups")) {
            ldif.append("dn: ou=")
                    .append(ou)
                    .append(',')
                    .append(BASE)
                    .append("\nobjectClass: organizationalUnit\nou: ")
                    .append(ou)
                    .append("\n\n");
        }
        for (String who : List.of("dave", "erin", "frank")) {
            ldif.append("dn: uid=")
                    .append(who)
                    .append(",ou=people,")
                    .append(BASE)
                    .append("\nobjectClass: inetOrgPerson\nuid: ")
                    .append(who)
                    .append("\ncn: ")
                    .append(who)
                    .append("\nsn: ")
                    .append(who)
                    .append("\nuserPassword: ")
                    .append(who)
                    .append("-password-123\n\n");
        }
        group(ldif, "ops", "dave", "frank");
        group(ldif, "staff", "erin");
        group(ldif, "approvers", "frank");
        Files.writeString(dir.resolve("data.ldif"), ldif);
        run(
                dir,
                "/usr/sbin/slapadd",
                "-f",
                dir.resolve("slapd.conf").toString(),
                "-l",
                dir.resolve("data.ldif").toString());
        try (ServerSocket s = new ServerSocket(0);
                ServerSocket t = new ServerSocket(0)) {
            port = s.getLocalPort();
            ldapsPort = t.getLocalPort();
        }
        slapd = new ProcessBuilder(
                        "/usr/sbin/slapd",
                        "-f",
                        dir.resolve("slapd.conf").toString(),
                        "-h",
                        "ldap://127.0.0.1:" + port + "/ ldaps://127.0.0.1:" + ldapsPort + "/",
                        "-d",
                        "0")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("slapd.log").toFile())
                .start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            if (!slapd.isAlive()) {
                throw new IllegalStateException("slapd exited: " + Files.readString(dir.resolve("slapd.log")));
            }
            try (Socket probe = new Socket("127.0.0.1", port);
                    Socket tls = new Socket("127.0.0.1", ldapsPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        slapd.destroyForcibly();
        throw new IllegalStateException("slapd did not listen within 20 s");
    }

    private static void group(StringBuilder ldif, String name, String... members) {
        ldif.append("dn: cn=")
                .append(name)
                .append(",ou=groups,")
                .append(BASE)
                .append("\nobjectClass: groupOfNames\ncn: ")
                .append(name)
                .append('\n');
        for (String m : members) {
            ldif.append("member: uid=")
                    .append(m)
                    .append(",ou=people,")
                    .append(BASE)
                    .append('\n');
        }
        ldif.append('\n');
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    /** The {@code sso.ldap.*} settings for this directory, as tejun.yaml lines. */
    String yaml() {
        return "sso:\n  ldap:\n    url: ldap://127.0.0.1:" + port + "\n    start-tls: true\n    ca-file: " + caFile
                + "\n    bind-dn: cn=admin," + BASE + "\n    user-base: ou=people," + BASE
                + "\n    group-base: ou=groups," + BASE
                + "\n    role-map: [ops=operator, approvers=approver, staff=viewer]\n    allowed-groups: [ops]\n";
    }

    /** The same directory over {@code ldaps://}, trusting its CA when {@code withCa}, else only the JVM's store. */
    String ldapsYaml(boolean withCa) {
        return yaml().replace("url: ldap://127.0.0.1:" + port, "url: ldaps://127.0.0.1:" + ldapsPort)
                .replace("    start-tls: true\n", "")
                .replace("    ca-file: " + caFile + "\n", withCa ? "    ca-file: " + caFile + "\n" : "");
    }

    @Override
    public void close() {
        slapd.destroy();
        try {
            if (!slapd.waitFor(5, TimeUnit.SECONDS)) {
                slapd.destroyForcibly();
            }
        } catch (InterruptedException e) {
            slapd.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

package dev.tejun.server.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.testing.LoopbackCertificate;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/login} against a real slapd over StartTLS (the directory refuses anything sent in the clear): the
 * password is checked by a bind, the groups give the roles, and the refusals and the throttle are the local ones. And
 * over {@code ldaps://} with a certificate of a CA made by openssl in the test: trusted through {@code
 * sso.ldap.ca-file}, refused with a log line that says what to set when the CA is unknown (the JVM's store, or another
 * CA's file).
 */
class LdapSignInTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    private static TestSlapd slapd;

    @TempDir
    Path temp;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger(LdapDirectory.class);

    @BeforeAll
    static void start() throws Exception {
        slapd = new TestSlapd(Files.createDirectories(shared.resolve("slapd")));
    }

    @AfterAll
    static void stop() {
        slapd.close();
    }

    @BeforeEach
    void listen() {
        logged.start();
        log.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        log.detachAppender(logged);
    }

    private TestServer server() throws Exception {
        return server(slapd.yaml());
    }

    private TestServer server(String yaml) throws Exception {
        Settings s = settings(yaml);
        return new TestServer(temp, c -> c.with(s));
    }

    private Settings settings(String yaml) throws Exception {
        Path password = Files.writeString(temp.resolve("bind-password"), "admin-secret\n");
        return Settings.of(
                ConfigFile.parse("test.yaml", yaml + "    bind-password-file: " + password + "\n"), Map.of(), Map.of());
    }

    private static HttpResponse<String> login(TestServer t, String name, String password) throws Exception {
        return t.send(
                "POST",
                "/api/login",
                JSON.createObjectNode()
                        .put("name", name)
                        .put("password", password)
                        .toString(),
                Map.of());
    }

    @Test
    void login_directoryUser_signsInWithTheGroupsRoles() throws Exception {
        try (TestServer t = server()) {
            HttpResponse<String> r = login(t, "frank", "frank-password-123");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(
                    "[\"approver\",\"operator\"]",
                    JSON.readTree(r.body()).get("roles").toString());
            assertTrue(t.get("/api/users").body().contains("\"frank\""), "made on the first sign-in");
            t.userWith("ann", Role.VIEWER);
            assertEquals(200, login(t, "ann", TestServer.password("ann")).statusCode(), "local users still sign in");
        }
    }

    @Test
    void login_withoutStartTls_theDirectoryRefusesTheClearBind() throws Exception {
        // so the sign-ins above went over TLS: this directory takes no password in the clear
        try (TestServer t = server(slapd.yaml().replace("start-tls: true", "start-tls: false"))) {
            assertEquals(401, login(t, "dave", "dave-password-123").statusCode());
        }
    }

    @Test
    void login_wrongOrEmptyPassword_refused() throws Exception {
        try (TestServer t = server()) {
            assertEquals(401, login(t, "dave", "not-daves-password").statusCode());
            // an empty password is an unauthenticated bind, which LDAP answers with success
            assertEquals(401, login(t, "dave", "").statusCode());
            assertEquals(401, login(t, "nobody", "dave-password-123").statusCode());
            // a filter in the name finds nobody: the name is escaped
            assertEquals(401, login(t, "*", "dave-password-123").statusCode());
            assertFalse(t.get("/api/users").body().contains("\"dave\""));
        }
    }

    @Test
    void login_userNotInAnAllowedGroup_refused() throws Exception {
        try (TestServer t = server()) {
            HttpResponse<String> r = login(t, "erin", "erin-password-123"); // staff gives viewer, but only ops may
            assertEquals(403, r.statusCode(), r.body());
            assertTrue(r.body().contains("not a member of a group allowed"), r.body());
            assertFalse(t.get("/api/users").body().contains("\"erin\""));
        }
    }

    @Test
    void login_repeatedWrongPasswords_throttledLikeLocalOnes() throws Exception {
        try (TestServer t = server()) {
            for (int i = 0; i < 4; i++) {
                login(t, "dave", "wrong-" + i);
            }
            HttpResponse<String> r = login(t, "dave", "dave-password-123");
            assertEquals(429, r.statusCode(), r.body());
        }
    }

    @Test
    void login_overLdapsTrustingItsCa_signsInWithTheGroupsRoles() throws Exception {
        try (TestServer t = server(slapd.ldapsYaml(true))) {
            HttpResponse<String> r = login(t, "frank", "frank-password-123");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(
                    "[\"approver\",\"operator\"]",
                    JSON.readTree(r.body()).get("roles").toString());
            assertEquals(401, login(t, "dave", "not-daves-password").statusCode(), "the bind checks the password");
        }
    }

    @Test
    void login_overLdapsWithoutItsCa_refusedAndTheLogSaysWhatToSet() throws Exception {
        // the JVM's trust store: the test's CA is unknown there
        try (TestServer t = server(slapd.ldapsYaml(false))) {
            assertEquals(401, login(t, "frank", "frank-password-123").statusCode());
            assertUntrustedLogged();
        }
    }

    @Test
    void login_overLdapsTrustingAnotherCa_refused() throws Exception {
        Path other = Files.createDirectories(temp.resolve("other-ca"));
        LoopbackCertificate.make(other);
        String yaml = slapd.ldapsYaml(true)
                .replace(slapd.caFile.toString(), other.resolve("cert.pem").toString());
        try (TestServer t = server(yaml)) {
            assertEquals(401, login(t, "frank", "frank-password-123").statusCode());
            assertUntrustedLogged();
        }
    }

    @Test
    void from_ldapsWithStartTls_isAConfigErrorNamingTheKey() throws Exception {
        Settings s = settings(slapd.ldapsYaml(true) + "    start-tls: true\n");
        ConfigError e = assertThrows(ConfigError.class, () -> LdapDirectory.from(s, null));
        assertTrue(e.getMessage().contains("sso.ldap.start-tls"), e.getMessage());
        assertTrue(e.getMessage().contains("test.yaml"), "names the file and line: " + e.getMessage());
    }

    private void assertUntrustedLogged() {
        String lines = String.join(
                "\n",
                logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        assertTrue(lines.contains("certificate is not trusted"), lines);
        assertTrue(lines.contains("set sso.ldap.ca-file"), lines);
    }
}

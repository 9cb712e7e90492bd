package dev.tejun.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.session.CellLimits;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigFileTest {

    private static Settings settings(String yaml, Map<String, String> env, Map<Key, String> flags) throws ConfigError {
        return Settings.of(ConfigFile.parse("tejun.yaml", yaml), env, flags);
    }

    private static String error(String yaml) {
        return assertThrows(ConfigError.class, () -> settings(yaml, Map.of(), Map.of()))
                .getMessage();
    }

    @Test
    void parse_nestedAndDottedKeys_giveTypedSettings() throws ConfigError {
        Settings s = settings("""
                server:
                  host: 0.0.0.0
                  port: 8080
                  public-url: https://tejun.example.com
                  trusted-proxies: [10.0.0.0/8, "::1"]
                server.hsts-max-age: 600
                log:
                  format: json
                """, Map.of(), Map.of());
        assertEquals("0.0.0.0", s.host());
        assertEquals(8080, s.port());
        assertEquals(URI.create("https://tejun.example.com"), s.publicUrl());
        assertTrue(s.trustedProxies().trusts("10.1.2.3"));
        assertTrue(s.trustedProxies().trusts("0:0:0:0:0:0:0:1"));
        assertFalse(s.trustedProxies().trusts("11.0.0.1"));
        assertEquals(600, s.hstsMaxAge());
        assertTrue(s.jsonLogs());
    }

    @Test
    void parse_emptyFile_isEveryDefault() throws ConfigError {
        Settings s = settings("", Map.of(), Map.of());
        assertEquals("127.0.0.1", s.host());
        assertEquals(7070, s.port());
        assertEquals(null, s.publicUrl());
        assertTrue(s.trustedProxies().isEmpty());
        assertFalse(s.tls());
    }

    @Test
    void parse_cellLimits_giveTimeoutCapAndFreeSpace() throws ConfigError {
        Settings s = settings("cells:\n  timeout: 5m\n  output-cap-mb: 2\n  min-free-mb: 0\n", Map.of(), Map.of());
        assertEquals(new CellLimits(Duration.ofMinutes(5), 2L << 20, 0), s.cellLimits());
        assertEquals(CellLimits.DEFAULTS, settings("", Map.of(), Map.of()).cellLimits());
        assertEquals(
                null,
                settings("cells.timeout: 0\n", Map.of(), Map.of()).cellLimits().timeout());
    }

    @Test
    void parse_badCellTimeout_namesLineAndValue() {
        assertEquals(
                "tejun.yaml:1: cells.timeout: 'soon' is not a duration (30s, 5m, 1h; 0: none)",
                error("cells.timeout: soon\n"));
    }

    @Test
    void parse_unknownKey_namesFileLineAndKey() {
        String m = error("""
                server:
                  port: 8080
                  trusted-proxy: 10.0.0.1
                """);
        assertTrue(m.startsWith("tejun.yaml:3: server.trusted-proxy: unknown setting"), m);
    }

    @Test
    void parse_unknownSection_isRefused() {
        String m = error("serer:\n  port: 1\n");
        assertTrue(m.startsWith("tejun.yaml:1: serer: unknown section"), m);
    }

    @Test
    void parse_badPort_namesLineAndValue() {
        String m = error("# comment\nserver:\n  port: eighty\n");
        assertEquals("tejun.yaml:3: server.port: 'eighty' is not a port number (0..65535)", m);
    }

    @Test
    void parse_keySetTwice_isRefused() {
        String m = error("server.port: 1\nserver:\n  port: 2\n");
        assertTrue(m.startsWith("tejun.yaml:3: server.port: set twice (first on line 1)"), m);
    }

    @Test
    void parse_badValues_eachNamesItsKey() {
        assertTrue(error("server.public-url: ftp://x\n").contains("server.public-url: 'ftp://x' is not an http"));
        assertTrue(error("server.trusted-proxies: [proxy.example.com]\n")
                .contains("server.trusted-proxies: 'proxy.example.com' is not an IP address"));
        assertTrue(error("server.trusted-proxies: 10.0.0.0/33\n").contains("prefix length"));
        assertTrue(error("log.format: xml\n").contains("log.format: 'xml' is not text or json"));
        assertTrue(error("server.port: [1, 2]\n").contains("one value is expected"));
        assertTrue(error("server.tls.cert: /x.pem\n").contains("given together"));
        assertTrue(error("server.tls.redirect-port: 8080\n").contains("need server.tls.keystore"));
        assertTrue(error("- a\n- b\n").contains("must be a mapping"));
        String unclosed = error("server.trusted-proxies: [\n");
        assertTrue(unclosed.contains("not YAML") || unclosed.contains("not closed"), unclosed);
        assertTrue(error("server:\n  port: 1\n   host: x\n").contains("not YAML"));
    }

    @Test
    void parse_switches_areTrueOrFalseEverywhereWithOnAndOffReadTheSame() throws ConfigError {
        // git.commit-on-save took true/false and sso.ldap.start-tls took on/off: one spelling for every switch now
        Settings s = settings("git.commit-on-save: on\nsso.ldap.start-tls: true\n", Map.of(), Map.of());
        assertTrue(s.isTrue(Key.GIT_COMMIT_ON_SAVE));
        assertTrue(s.isTrue(Key.SSO_LDAP_START_TLS));
        Settings off = settings("git.commit-on-save: false\nsso.ldap.start-tls: off\n", Map.of(), Map.of());
        assertFalse(off.isTrue(Key.GIT_COMMIT_ON_SAVE));
        assertFalse(off.isTrue(Key.SSO_LDAP_START_TLS));
        assertEquals("false", Key.SSO_LDAP_START_TLS.defaultValue());
        assertTrue(error("sso.ldap.start-tls: yes-please\n")
                .contains("sso.ldap.start-tls: 'yes-please' is not true or false"));
    }

    @Test
    void of_environmentOverridesFile_andFlagsOverrideBoth() throws ConfigError {
        Settings s = settings(
                "server:\n  port: 8080\n  host: 10.0.0.5\n",
                Map.of("TEJUN_SERVER_PORT", "9090", "TEJUN_SERVER_HOST", "10.0.0.6"),
                Map.of(Key.SERVER_HOST, "127.0.0.2"));
        assertEquals(9090, s.port());
        assertEquals("127.0.0.2", s.host());
        assertEquals("environment TEJUN_SERVER_PORT", s.where(Key.SERVER_PORT));
    }

    @Test
    void of_badEnvironmentValue_namesTheVariable() {
        String m = assertThrows(ConfigError.class, () -> settings("", Map.of("TEJUN_SERVER_PORT", "70000"), Map.of()))
                .getMessage();
        assertEquals("environment TEJUN_SERVER_PORT: server.port: '70000' is not a port number (0..65535)", m);
    }

    @Test
    void databaseEnv_givesTheDatabaseSettingsUnderTheirVariableNames() throws ConfigError {
        Settings s = settings("""
                database:
                  url: jdbc:postgresql://127.0.0.1:5432/tejun
                  user: tejun
                  password-file: /etc/tejun/db-password
                """, Map.of(), Map.of());
        assertEquals(
                Map.of(
                        "TEJUN_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/tejun",
                        "TEJUN_DATABASE_USER", "tejun",
                        "TEJUN_DATABASE_PASSWORD_FILE", "/etc/tejun/db-password"),
                s.databaseEnv());
        assertEquals(Map.of(), Settings.defaults().databaseEnv());
    }
}

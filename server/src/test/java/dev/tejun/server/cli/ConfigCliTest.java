package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tejun config check} and {@code tejun serve --config}: a bad file is refused with its line and key. */
class ConfigCliTest {

    @TempDir
    Path home;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int tejun(Map<String, String> env, String... argv) throws Exception {
        return LocalCli.run(out, err, home, env, argv);
    }

    @Test
    void configCheck_goodFile_saysWhatItWouldServe() throws Exception {
        Path file = Files.writeString(home.resolve("a.yaml"), "server:\n  port: 8181\n  runbooks: /srv/runbooks\n");
        assertEquals(0, tejun(Map.of(), "config", "check", file.toString()), err.toString());
        assertTrue(out.toString().contains("/srv/runbooks on 127.0.0.1:8181"), out.toString());
    }

    @Test
    void configCheck_badKey_exitsTwoNamingLineAndKey() throws Exception {
        Path file = Files.writeString(home.resolve("a.yaml"), "server:\n  port: 8181\n  prot: 1\n");
        assertEquals(2, tejun(Map.of(), "config", "check", file.toString()));
        assertTrue(err.toString().contains(file + ":3: server.prot: unknown setting"), err.toString());
    }

    @Test
    void configCheck_namedChannelWithoutItsUrl_exitsTwoNamingIt() throws Exception {
        Path file =
                Files.writeString(home.resolve("a.yaml"), "notify:\n  channels:\n    audit:\n      kind: webhook\n");
        assertEquals(2, tejun(Map.of(), "config", "check", file.toString()));
        assertTrue(
                err.toString().contains(file + ":3: notify.channels.audit: a webhook channel needs url"),
                err.toString());
    }

    @Test
    void configCheck_withoutFile_readsTheOneInTejunHome() throws Exception {
        Files.writeString(home.resolve("tejun.yaml"), "log.format: yaml\n");
        assertEquals(2, tejun(Map.of(), "config", "check"));
        assertTrue(err.toString().contains("tejun.yaml:1: log.format: 'yaml' is not text or json"), err.toString());
    }

    @Test
    void configCheck_environmentOverride_isCheckedToo() throws Exception {
        assertEquals(2, tejun(Map.of("TEJUN_SERVER_HSTS_MAX_AGE", "a year"), "config", "check"));
        assertTrue(err.toString().contains("environment TEJUN_SERVER_HSTS_MAX_AGE"), err.toString());
    }

    @Test
    void configCheck_keystoreThatDoesNotOpen_isAConfigError() throws Exception {
        Path ks = Files.writeString(home.resolve("server.p12"), "not a keystore");
        Path file = Files.writeString(home.resolve("a.yaml"), "server.tls.keystore: " + ks + "\n");
        assertEquals(2, tejun(Map.of(), "config", "check", file.toString()));
        assertTrue(err.toString().contains("server.tls.keystore: cannot load"), err.toString());
    }

    @Test
    void serve_badConfigFile_doesNotStart() throws Exception {
        Path file = Files.writeString(home.resolve("a.yaml"), "server:\n  port: 99999\n");
        assertEquals(2, tejun(Map.of(), "serve", "--config", file.toString()));
        assertTrue(err.toString().contains(file + ":2: server.port: '99999' is not a port"), err.toString());
    }
}

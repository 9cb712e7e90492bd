package dev.tejun.server.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.testing.TestPostgres;
import dev.tejun.server.Json;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one PostgreSQL with separate disks, b serving HTTPS with a certificate a does not trust: a read of
 * b's run through a cannot be relayed, and a says so (502 naming b and the certificate) instead of answering from the
 * database as if b were gone.
 */
class UntrustedPeerTest {

    @TempDir
    Path temp;

    @Test
    void readThroughA_bsCertificateNotTrusted_502NamingIt() throws Exception {
        TestCertificate cert = TestCertificate.make(java.nio.file.Files.createDirectories(temp.resolve("certs")));
        TestPostgres pg = TestPostgres.get();
        DatabaseSettings shared = new DatabaseSettings(temp, pg.freshDatabase(), pg.user(), null);
        Settings plain = settings("cluster.node-name: a\n");
        Settings tls = settings("cluster.node-name: b\nserver.tls.keystore: " + cert.keystore()
                + "\nserver.tls.keystore-password-file: " + cert.passwordFile() + "\n");
        try (TestServer a = new TestServer(temp.resolve("a"), shared, c -> c.with(plain));
                TestServer b = new TestServer(temp.resolve("b"), shared, c -> c.with(tls));
                HttpClient trustingB = HttpClient.newBuilder()
                        .sslContext(cert.trustingKeystore())
                        .build()) {
            b.write("hello.md", "```sh {#hi}\necho hello\n```\n");
            HttpResponse<String> started = trustingB.send(
                    HttpRequest.newBuilder(URI.create(b.server.baseUrl() + "/api/runs"))
                            .header("Authorization", "Bearer " + b.token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"runbook\":\"hello.md\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, started.statusCode(), started.body());
            String runId = Json.MAPPER.readTree(started.body()).path("runId").asText();
            // b claimed the run before it answered: a finds it b's, and b alive
            HttpResponse<String> events = a.get("/api/runs/" + runId + "/events");

            assertEquals(502, events.statusCode(), events.body());
            assertTrue(
                    events.body().contains("server b at " + b.server.baseUrl())
                            && events.body().contains("trust store"),
                    events.body());
        }
    }

    private static Settings settings(String yaml) throws Exception {
        return Settings.of(ConfigFile.parse("test.yaml", yaml), Map.of(), Map.of());
    }
}

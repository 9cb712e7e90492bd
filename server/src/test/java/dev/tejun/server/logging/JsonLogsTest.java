package dev.tejun.server.logging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.cli.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --log-format json} in its own JVM: a server log event (the forwarded header from an untrusted peer,
 * logged once) comes out on stderr as one JSON object per line.
 */
@Tag("e2e")
class JsonLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void serve_logFormatJson_writesJsonLines() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Path runbooks = Files.createDirectories(temp.resolve("runbooks"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--port",
                "0",
                "--runbooks",
                runbooks.toString(),
                "--log-format",
                "json"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TEJUN_HOME", home.toString());
        pb.environment().putAll(TestDatabases.environment(home));
        Process p = pb.start();
        try {
            CompletableFuture<String> url = new CompletableFuture<>();
            CompletableFuture<JsonNode> warning = new CompletableFuture<>();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    Pattern at = Pattern.compile(" at (http://[0-9.:]+) ");
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        lines.add(line);
                        Matcher m = at.matcher(line);
                        if (m.find()) {
                            url.complete(m.group(1));
                        }
                        if (line.startsWith("{") && line.contains("forwarded headers")) {
                            warning.complete(JSON.readTree(line));
                        }
                    }
                } catch (Exception e) {
                    url.completeExceptionally(e);
                    warning.completeExceptionally(e);
                }
            });
            String base;
            try {
                base = url.get(180, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the server did not say where it serves: " + lines, e);
            }
            try (HttpClient http = HttpClient.newHttpClient()) {
                http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/health"))
                                .header("X-Forwarded-For", "198.51.100.1")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            JsonNode event = warning.get(30, TimeUnit.SECONDS);
            assertTrue(event.path("level").asText().equals("WARN"), event.toString());
            assertTrue(event.path("loggerName").asText().endsWith("Forwarding"), event.toString());
            assertTrue(event.path("formattedMessage").asText().contains("from 127.0.0.1 ignored"), event.toString());
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }
}

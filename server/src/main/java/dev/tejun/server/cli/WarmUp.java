package dev.tejun.server.cli;

import dev.tejun.server.ServerConfig;
import dev.tejun.server.TejunServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code tejun warm-up}: starts a server on a random loopback port with throw-away folders, asks it what a browser
 * asks first, and stops. The launcher runs it once after each build with {@code -XX:ArchiveClassesAtExit}, so the
 * classes a start-up loads are kept in a class-data archive and the next {@code serve} starts in about half the time.
 */
final class WarmUp {

    private WarmUp() {}

    static int run() throws Exception {
        Path tmp = Files.createTempDirectory("tejun-warm-up");
        try {
            Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
            Files.writeString(runbooks.resolve("warm.md"), "---\ntitle: Warm\n---\n# Warm\n\n```sh {#a}\ntrue\n```\n");
            Path data = tmp.resolve("data");
            try (var cmdb = Main.cmdb(Files.createDirectories(data))) {
                TejunServer server = TejunServer.start(new ServerConfig(
                        ServerConfig.DEFAULT_HOST,
                        0,
                        runbooks,
                        data,
                        Main.executors(cmdb, runbooks),
                        Clock.systemUTC(),
                        cmdb));
                try (HttpClient http = HttpClient.newHttpClient()) {
                    for (String path : new String[] {"/api/health", "/login.html", "/api/runbooks"}) {
                        http.send(
                                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                    }
                } finally {
                    server.stop();
                }
            }
            return 0;
        } finally {
            delete(tmp);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

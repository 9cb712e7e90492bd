package dev.tejun.server.cli;

import dev.tejun.server.ServerConfig;
import dev.tejun.server.TejunServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code tejun warm-up}: starts a server on a random loopback port with throw-away folders, asks it what a browser
 * asks first, and stops. The launcher runs it once after each build with {@code -XX:ArchiveClassesAtExit}, so the
 * classes a start-up loads are kept in a class-data archive and the next {@code serve} starts in about half the time.
 * On a JDK with ahead-of-time caches (25 and later) the launcher asks for {@code --cells N} too and records the run in
 * such a cache: {@link WarmUpCells}.
 */
final class WarmUp {

    private WarmUp() {}

    static int run(List<String> args, PrintStream out) throws Exception {
        int cells = cells(args);
        Path tmp = Files.createTempDirectory("tejun-warm-up");
        try {
            Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
            Files.writeString(runbooks.resolve("warm.md"), WarmUpCells.RUNBOOK);
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
                    if (cells > 0) {
                        int ran = WarmUpCells.run(http, server.baseUrl(), data, "warm.md", cells, cells / 4);
                        out.println(
                                "tejun warm-up: " + ran + " runs ended ok (" + cells + " java, " + cells / 4 + " sh)");
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

    private static int cells(List<String> args) {
        if (args.isEmpty()) {
            return 0;
        }
        if (args.size() == 2 && args.get(0).equals("--cells") && args.get(1).matches("\\d{1,5}")) {
            return Integer.parseInt(args.get(1));
        }
        throw new IllegalArgumentException("usage: tejun warm-up [--cells N]");
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

package dev.tejun.server.cli;

import dev.tejun.server.fixtures.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test fixture: the {@code tejun} command in-process, as a terminal would run it against a {@link TestServer},
 * with what it printed kept apart for stdout and stderr (both cleared at each command).
 */
final class CliAgainstServer {

    private final TestServer server;
    private final Path home;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    CliAgainstServer(TestServer server, Path home) {
        this.server = server;
        this.home = home;
    }

    /** The words as typed, plus {@code --server} and {@code --token} of the test server's signed-in tester. */
    int run(String... words) throws Exception {
        List<String> all = new ArrayList<>(List.of(words));
        all.addAll(List.of("--server", server.server.baseUrl(), "--token", server.token));
        return runWith(Map.of(), all.toArray(String[]::new));
    }

    /** The words exactly as typed, with {@code env} as the environment (TEJUN_SERVER, TEJUN_TOKEN). */
    int runWith(Map<String, String> env, String... words) throws Exception {
        return LocalCli.run(out, err, home, env, words);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}

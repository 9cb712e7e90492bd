package dev.tejun.server.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Test fixture: one {@code tejun} command in-process, as the launcher runs it, on the data folder {@code home} and
 * with {@code env} as its environment. What it prints goes to the test's {@code out} and {@code err}, emptied first.
 */
final class LocalCli {

    private LocalCli() {}

    static int run(
            ByteArrayOutputStream out, ByteArrayOutputStream err, Path home, Map<String, String> env, String... words)
            throws Exception {
        out.reset();
        err.reset();
        return new Main(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        home,
                        env)
                .execute(List.of(words));
    }
}

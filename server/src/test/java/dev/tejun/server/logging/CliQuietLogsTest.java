package dev.tejun.server.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CLI command in its own JVM prints its answer, not the store's migration log: `tejun cmdb sheets` on a new data
 * folder migrates the stores, and Flyway's INFO lines ("Migrating schema … to version …") came out on stderr with it.
 * The child JVM is given the server's own logback.xml by URL (the test class path has logback-test.xml first; under
 * failsafe the file is inside the server's jar, which a file path cannot name).
 */
@Tag("e2e")
class CliQuietLogsTest {

    @TempDir
    Path temp;

    @Test
    void cmdbSheets_newDataFolder_printsNoMigrationLogLines() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        java,
                        // A URL, not a path: under failsafe the resource is inside the server's jar.
                        "-Dlogback.configurationFile=" + Main.class.getResource("/logback.xml"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "cmdb",
                        "sheets"))
                .redirectErrorStream(true);
        pb.environment().put("TEJUN_HOME", home.toString());
        pb.environment().putAll(TestDatabases.environment(home));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tejun cmdb sheets did not end");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("hosts"), "the sheets listed: " + output);
        assertFalse(output.contains("flywaydb"), "Flyway's log lines in a CLI command's output:\n" + output);
    }
}

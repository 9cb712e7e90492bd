package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first {@code tejun run} (its own JVM, a umask that leaves files world-readable) makes the data folder 0700 and
 * {@code tejun.db} with its journal files 0600: another OS user on the machine reads neither hashes nor secrets.
 */
@Tag("e2e")
class DataFolderModesTest {

    @TempDir
    Path tmp;

    @Test
    void firstRun_createsDataFolder0700AndDatabase0600() throws Exception {
        Path home = tmp.resolve("fresh/home");
        Path book = Files.writeString(tmp.resolve("hi.md"), "# Hi\n\n```sh\necho hi\n```\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(
                        "sh",
                        "-c",
                        "umask 022; exec \"$0\" \"$@\"",
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "run",
                        book.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("cli.log").toFile());
        pb.environment().put("TEJUN_HOME", home.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("cli.log")));

        assertEquals("rwx------", mode(home));
        assertEquals("rw-------", mode(home.resolve("tejun.db")));
        try (var files = Files.list(home)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("tejun.db"))
                    .toList()) {
                assertEquals("rw-------", mode(f), f.toString());
            }
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}

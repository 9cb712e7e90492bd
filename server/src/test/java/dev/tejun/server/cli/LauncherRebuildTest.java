package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ({@code ./tejun}) builds again when a source is newer than its last build, as its header says, and
 * only then. Its {@code build_if_needed}, cut from the script as it is, runs over a folder with the stamp of a last
 * build and one source, with Maven replaced by a function that notes it was asked. Its test of "newer" once lacked
 * a {@code -o} and never found a changed source, so {@code ./tejun serve} after an edit ran the old jar.
 */
class LauncherRebuildTest {

    @TempDir
    Path here;

    Path stamp;
    Path source;

    @BeforeEach
    void lastBuild() throws Exception {
        stamp = Files.createDirectories(here.resolve("server/target")).resolve(".tejun-built");
        Files.writeString(stamp, "");
        source = Files.createDirectories(here.resolve("kernel/src/main/java")).resolve("Some.java");
        Files.writeString(source, "class Some {}\n");
    }

    @Test
    void buildIfNeeded_sourceChangedSinceTheLastBuild_builds() throws Exception {
        age(stamp, Duration.ofHours(1));
        assertTrue(built());
    }

    @Test
    void buildIfNeeded_nothingChangedSinceTheLastBuild_buildsNothing() throws Exception {
        age(source, Duration.ofHours(2));
        age(stamp, Duration.ofHours(1));
        assertFalse(built());
    }

    private static void age(Path file, Duration by) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(by)));
    }

    /** Runs the launcher's build_if_needed over {@link #here}; whether it asked Maven to build. */
    private boolean built() throws Exception {
        Path launcher = Path.of("..", "tejun").toAbsolutePath().normalize();
        String script = """
                here="$1"
                stamp="$here/server/target/.tejun-built"
                maven() { echo "$@" > "$here/maven-ran"; }
                make_class_archive() { :; }
                die() { echo "$*" >&2; exit 2; }
                source <(sed -n '/^build_if_needed()/,/^}/p' "$2")
                build_if_needed
                """;
        Process p = new ProcessBuilder("bash", "-c", script, "bash", here.toString(), launcher.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "build_if_needed did not end: " + out);
        assertEquals(0, p.exitValue(), out);
        return Files.exists(here.resolve("maven-ran"));
    }
}

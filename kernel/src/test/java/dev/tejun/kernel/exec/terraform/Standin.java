package dev.tejun.kernel.exec.terraform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;

/**
 * Installs {@code terraform-standin} (test resources; see its header for what it is) as an executable file where the
 * cell sandbox lets a cell run it: not in the data folder, which cells do not see, nor in /tmp, which is their own,
 * but in a new folder under {@code target/}.
 */
final class Standin {

    private Standin() {}

    /** The stand-in's path; {@link #remove} takes its folder away again. */
    static Path install() throws IOException {
        Path tools = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "terraform-standin-");
        Files.setPosixFilePermissions(tools, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path standin = tools.resolve("bin/terraform-standin");
        Files.createDirectories(standin.getParent());
        try (InputStream in = Standin.class.getResourceAsStream("/terraform/terraform-standin")) {
            Files.write(standin, in.readAllBytes());
        }
        Files.setPosixFilePermissions(standin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return standin;
    }

    static void remove(Path standin) throws IOException {
        try (var files = Files.walk(standin.getParent().getParent())) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

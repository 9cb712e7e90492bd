package dev.tejun.kernel.exec.terraform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Installs {@code terraform-standin} (test resources) as an executable file; see its header for what it is. */
final class Standin {

    private Standin() {
    }

    static Path install(Path data) throws IOException {
        Path standin = data.resolve("bin/terraform-standin");
        Files.createDirectories(standin.getParent());
        try (InputStream in = Standin.class.getResourceAsStream("/terraform/terraform-standin")) {
            Files.write(standin, in.readAllBytes());
        }
        Files.setPosixFilePermissions(standin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return standin;
    }
}

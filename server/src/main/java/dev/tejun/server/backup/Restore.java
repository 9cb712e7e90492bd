package dev.tejun.server.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Puts a backup into an empty data folder. An existing folder with anything in it is refused: restoring over a live
 * database would mix two histories, and the audit chain would no longer verify.
 */
public final class Restore {

    private Restore() {}

    /** @return how many files were restored */
    public static int into(Path archive, Path dataDir) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new IOException("no backup file at " + archive);
        }
        if (Files.exists(dataDir)) {
            try (Stream<Path> any = Files.list(dataDir)) {
                if (any.findAny().isPresent()) {
                    throw new IOException(dataDir + " is not empty: restore only into an empty or new data folder");
                }
            }
        }
        Files.createDirectories(dataDir);
        int n = Archive.extract(archive, dataDir);
        // the data folder and everything in it is the server's alone (keys, database), as PrivateFiles makes it
        try (Stream<Path> all = Files.walk(dataDir)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(
                        p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
            }
        }
        return n;
    }
}

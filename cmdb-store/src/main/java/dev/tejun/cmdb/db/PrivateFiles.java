package dev.tejun.cmdb.db;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The data folder and the database hold password hashes, secrets and evidence: they are made readable by the
 * server's OS user alone (0700 folders, 0600 files) when they are first created, whatever the umask. Existing
 * files keep the mode an administrator gave them.
 */
public final class PrivateFiles {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {}

    /** Creates {@code dir} and any missing parents, each new one 0700; answers it. */
    public static Path folder(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return abs;
        }
        if (abs.getParent() != null) {
            folder(abs.getParent());
        }
        try {
            return POSIX ? Files.createDirectory(abs, attr("rwx------")) : Files.createDirectory(abs);
        } catch (FileAlreadyExistsException e) {
            return abs; // made meanwhile (another process opening the same folder)
        }
    }

    /** Creates an empty {@code file} with mode 0600 if it does not exist (SQLite takes an empty file as new). */
    public static void file(Path file) throws IOException {
        folder(file.toAbsolutePath().getParent());
        try {
            if (POSIX) {
                Files.createFile(file, attr("rw-------"));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // keep it as it is
        }
    }

    private static FileAttribute<?> attr(String mode) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
    }
}

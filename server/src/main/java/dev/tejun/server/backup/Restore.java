package dev.tejun.server.backup;

import dev.tejun.cmdb.db.DatabaseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Puts a backup into an empty data folder. An existing folder with anything in it is refused: restoring over a live
 * database would mix two histories, and the audit chain would no longer verify. A PostgreSQL backup is restored into
 * an empty PostgreSQL database likewise ({@link PostgresDump#restore}).
 */
public final class Restore {

    private Restore() {}

    /**
     * @param store the data folder to restore into ({@link DatabaseSettings#home()}) and its database: a PostgreSQL
     *              backup goes into an empty PostgreSQL database, a SQLite backup into the folder
     * @return how many files were restored
     */
    public static int into(Path archive, DatabaseSettings store) throws IOException {
        Path dataDir = store.home();
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
        boolean dumped = PostgresDump.FILE.equals(Archive.first(archive, Archive.DATABASES));
        if (dumped != store.postgresql()) {
            throw new IOException(
                    dumped
                            ? "this backup holds a PostgreSQL database: set TEJUN_DATABASE_URL (and _USER, _PASSWORD) to an"
                                    + " empty PostgreSQL database to restore it into"
                            : "this backup holds a SQLite store: restore it without TEJUN_DATABASE_URL, then move its data"
                                    + " to PostgreSQL if you want it there");
        }
        Files.createDirectories(dataDir);
        int n = Archive.extract(archive, dataDir);
        if (dumped) {
            Path dump = dataDir.resolve(PostgresDump.FILE);
            try {
                PostgresDump.restore(store, dump); // one transaction: a failure leaves the database as it was
            } catch (IOException e) {
                Archive.deleteTree(dataDir); // and the folder as it was (empty), so the restore can be tried again
                throw e;
            }
            Files.delete(dump); // the database holds it now; the data folder keeps keys, heads and evidence
            n--;
        }
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

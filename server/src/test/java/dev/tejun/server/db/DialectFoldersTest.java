package dev.tejun.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every dialect migration has its twin in the other dialect, same name: the two backends must end at the same
 * versions (Flyway would otherwise apply a version on one backend that the other never gets, and Schema.latest
 * could not name both). A new db/dialect/sqlite file fails here until its db/dialect/postgresql twin exists.
 */
class DialectFoldersTest {

    @Test
    void dialectFolders_sqliteAndPostgresql_holdTheSameMigrations() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Set<String> sqlite = new TreeSet<>();
        Set<String> postgresql = new TreeSet<>();
        for (String module : List.of("cmdb-store", "kernel", "server")) {
            Path dialects = root.resolve(module).resolve("src/main/resources/db/dialect");
            collect(dialects.resolve("sqlite"), sqlite);
            collect(dialects.resolve("postgresql"), postgresql);
        }
        assertFalse(sqlite.isEmpty(), "found no dialect migrations under " + root);
        assertEquals(sqlite, postgresql, "db/dialect/sqlite and db/dialect/postgresql differ");
    }

    /** schema/file names under one dialect folder. */
    private static void collect(Path dialect, Set<String> into) throws IOException {
        if (!Files.isDirectory(dialect)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dialect)) {
            files.filter(Files::isRegularFile)
                    .forEach(f -> into.add(dialect.relativize(f).toString()));
        }
    }
}

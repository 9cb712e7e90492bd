package dev.tejun.cmdb.testing;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.db.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The database a test's data folder uses: SQLite ({@code home/tejun.db}) by default, a fresh database on a real
 * PostgreSQL ({@link TestPostgres}) when the build runs the suites a second time with
 * {@code -Dtejun.test.database=postgresql} (the {@code postgresql} surefire execution of cmdb-store, kernel and
 * server). A test that must meet one backend in particular names it instead.
 */
public final class TestDatabases {

    /** The system property that chooses the backend of the tests that run on both. */
    public static final String PROPERTY = "tejun.test.database";

    /** One PostgreSQL database per data folder, so a test that reopens its folder finds its rows again. */
    private static final Map<Path, DatabaseSettings> OPENED = new ConcurrentHashMap<>();

    private TestDatabases() {}

    /** Whether this run's tests use PostgreSQL. */
    public static boolean postgresql() {
        return "postgresql".equals(System.getProperty(PROPERTY));
    }

    /**
     * The classes whose {@code SCHEMA} a test database of the second pass starts with, those of them on this class
     * path: migrated once per test JVM into a template that each test's database is a copy of. Running the ~200
     * migrations again for every data folder cost about a second a test on PostgreSQL; the migrations themselves
     * are tested on an empty database ({@link #postgresql(Path)}) by the tests that name the backend.
     */
    private static final List<String> SCHEMA_OWNERS = List.of(
            "dev.tejun.cmdb.store.CmdbStore",
            "dev.tejun.kernel.flow.state.FlowStore",
            "dev.tejun.server.audit.ServerSchema");

    /**
     * Settings for {@code home}: SQLite there, or a new PostgreSQL database with this class path's schemas migrated
     * (the data folder still holds the keys).
     */
    public static DatabaseSettings settings(Path home) {
        return opened(home, TestDatabases::migratedPostgresql);
    }

    /**
     * Like {@link #settings}, but on PostgreSQL an empty database, for a data folder something else fills: a
     * restore, which takes only an empty database. Call it before anything opens {@code home}.
     */
    public static DatabaseSettings empty(Path home) {
        return opened(home, TestDatabases::postgresql);
    }

    /** SQLite in {@code home}, or on PostgreSQL the database {@code home} was given first, made by {@code make}. */
    private static DatabaseSettings opened(Path home, java.util.function.Function<Path, DatabaseSettings> make) {
        return postgresql()
                ? OPENED.computeIfAbsent(home.toAbsolutePath().normalize(), make)
                : DatabaseSettings.sqlite(home);
    }

    private static DatabaseSettings migratedPostgresql(Path home) {
        TestPostgres pg = TestPostgres.get();
        String template = pg.template("tejun_migrated", TestDatabases::migrateAll);
        return new DatabaseSettings(home, pg.freshDatabase(template), pg.user(), null);
    }

    private static void migrateAll(String url) {
        try {
            Path home = Files.createTempDirectory("tejun-template");
            try (Database db = Database.open(
                    new DatabaseSettings(home, url, TestPostgres.get().user(), null))) {
                for (String owner : SCHEMA_OWNERS) {
                    Class<?> type;
                    try {
                        type = Class.forName(owner);
                    } catch (ClassNotFoundException e) {
                        continue; // a module this one does not depend on
                    }
                    db.migrate((Schema) type.getField("SCHEMA").get(null));
                }
            } finally {
                Files.deleteIfExists(home); // empty: the template's data is in PostgreSQL
            }
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot migrate the test databases' template: " + e, e);
        }
    }

    /** A new PostgreSQL database for {@code home}, whichever backend the run chose. */
    public static DatabaseSettings postgresql(Path home) {
        TestPostgres pg = TestPostgres.get();
        return new DatabaseSettings(home, pg.freshDatabase(), pg.user(), null);
    }

    /**
     * What a {@code tejun} command started on {@code home} needs in its environment to open the same database as
     * {@link #settings}: nothing on SQLite (it opens {@code home/tejun.db}), the URL and user on PostgreSQL.
     */
    public static Map<String, String> environment(Path home) {
        if (!postgresql()) {
            return Map.of();
        }
        DatabaseSettings s = settings(home);
        return Map.of(DatabaseSettings.URL, s.url(), DatabaseSettings.USER, s.user());
    }

    /** {@link Database#open(DatabaseSettings)} of {@link #settings}. */
    public static Database open(Path home) {
        return Database.open(settings(home));
    }
}

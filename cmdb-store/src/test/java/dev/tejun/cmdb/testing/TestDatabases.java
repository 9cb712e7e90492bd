package dev.tejun.cmdb.testing;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import java.nio.file.Path;
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

    /** Settings for {@code home}: SQLite there, or a new PostgreSQL database (the data folder still holds the keys). */
    public static DatabaseSettings settings(Path home) {
        return postgresql()
                ? OPENED.computeIfAbsent(home.toAbsolutePath().normalize(), TestDatabases::postgresql)
                : DatabaseSettings.sqlite(home);
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

package dev.tejun.server.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tejun.cmdb.db.DatabaseSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JDBC URL told to PostgreSQL's own tools as libpq's environment: the tools never see it on a command line. */
class PostgresDumpTest {

    private static Map<String, String> env(String url, String user, String password) {
        return PostgresDump.libpq(new DatabaseSettings(Path.of("/data"), url, user, password));
    }

    @Test
    void libpq_hostsPortsDatabaseAndCredentials() {
        assertEquals(
                Map.of(
                        "PGHOST",
                        "db1,db2",
                        "PGPORT",
                        "5433,5432",
                        "PGDATABASE",
                        "tejun prod",
                        "PGUSER",
                        "ops",
                        "PGPASSWORD",
                        "s3cret",
                        "PGSSLMODE",
                        "require"),
                env("jdbc:postgresql://db1:5433,db2/tejun%20prod?sslmode=require&ApplicationName=x", "ops", "s3cret"));
        assertEquals(
                Map.of("PGHOST", "::1", "PGPORT", "6000", "PGDATABASE", "t", "PGUSER", "fromurl", "PGPASSWORD", "p"),
                env("jdbc:postgresql://[::1]:6000/t?user=fromurl&password=p", null, null));
        assertEquals(
                "given",
                env("jdbc:postgresql://h/t?user=fromurl", "given", null).get("PGUSER"),
                "settings win");
    }

    @Test
    void libpq_noHost_isRefusedWithTheUrlRedacted() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> env("jdbc:postgresql:tejun?password=hidden", null, null));
        assertEquals(false, e.getMessage().contains("hidden"), e.getMessage());
    }
}

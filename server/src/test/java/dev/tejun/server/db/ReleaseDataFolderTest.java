package dev.tejun.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.db.Schema;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.HostsSheet;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.ServerSchema;
import dev.tejun.server.audit.Via;
import dev.tejun.server.auth.Role;
import dev.tejun.server.auth.UserStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder made by the release at main 4891d08 (Flyway already) opens with this code and loses nothing: the
 * migrations added since run once on top, users sign in, the audit chain verifies and goes on, CMDB rows keep their
 * history — and the folder then copies into PostgreSQL ({@code tejun db migrate-to postgresql}). Each new migration
 * is applied here to a database with rows in it. The release's migrations are today's files up to its versions: a
 * migration that ran is never edited (Flyway refuses a changed checksum; DatabaseTest).
 */
class ReleaseDataFolderTest {

    /** The newest migration of each schema in that release. */
    private static final Map<String, String> RELEASE_LATEST = Map.of("cmdb", "1.1", "flow", "3.1", "server", "16");

    private static final List<Schema> CURRENT = List.of(CmdbStore.SCHEMA, FlowStore.SCHEMA, ServerSchema.SCHEMA);
    private static final Actor ALICE = new Actor("alice", Channel.WEB);

    @TempDir
    Path tmp;

    @Test
    void open_dataFolderOfTheRelease_upgradesKeepingEverything_thenCopiesToPostgresql() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        long web1 = releaseDataFolder(data);

        try (Database db = Database.open(DatabaseSettings.sqlite(data))) {
            CmdbStore cmdb = new CmdbStore(db, Clock.systemUTC());
            UserStore users = new UserStore(db, Clock.systemUTC());
            AuditLog audit = new AuditLog(db, Clock.systemUTC());
            new FlowStore(db);
            assertTrue(users.check("alice", "correct horse battery").isPresent(), "alice still signs in");
            assertEquals(2, cmdb.history(HostsSheet.NAME, web1).size());
            AuditLog.Verification v = audit.verify();
            assertTrue(v.ok(), v.toString());
            assertEquals(3, v.entries());
            audit.append("alice", Via.API, "after.upgrade", null, "ok", null, null);
            assertTrue(audit.verify().ok(), "the chain goes on");
            for (Schema schema : CURRENT) {
                assertEquals(schema.latest(), newest(db, schema), "every migration since the release ran");
            }
        }

        var postgres = TestDatabases.postgresql(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = new DbCommand(
                        print,
                        print,
                        data,
                        Map.of(DatabaseSettings.URL, postgres.url(), DatabaseSettings.USER, postgres.user()))
                .run(List.of("migrate-to", "postgresql"));
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("audit log intact on PostgreSQL: 4 entries"));
    }

    /** Migrates a new database with the release's own migrations, then fills it with that schema's stores. */
    private long releaseDataFolder(Path data) throws Exception {
        ClassLoader release =
                new URLClassLoader(new URL[] {releaseMigrations().toUri().toURL()}, null);
        try (Database db = Database.open(DatabaseSettings.sqlite(data))) {
            for (Schema schema : CURRENT) {
                // once a schema's name is migrated in this process the stores below do not migrate it again
                db.migrate(new Schema(schema.name(), release, RELEASE_LATEST.get(schema.name()), List.of()));
            }
            CmdbStore cmdb = new CmdbStore(db, Clock.systemUTC());
            Row row = cmdb.register(HostsSheet.NAME, RowDraft.host("web1", Map.of(HostsSheet.SSH_PORT, 22)), ALICE);
            cmdb.update(
                    HostsSheet.NAME,
                    row.id(),
                    row.version(),
                    RowDraft.host("web1", Map.of(HostsSheet.SSH_PORT, 2)),
                    ALICE);
            new UserStore(db, Clock.systemUTC()).create("alice", "correct horse battery", EnumSet.of(Role.OPERATOR));
            AuditLog audit = new AuditLog(db, Clock.systemUTC());
            for (int i = 0; i < 3; i++) {
                audit.append("alice", Via.WEB, "act", "t" + i, "ok", "127.0.0.1", null);
            }
            for (Schema schema : CURRENT) {
                assertEquals(RELEASE_LATEST.get(schema.name()), newest(db, schema), "made by the release's migrations");
            }
            return row.id();
        }
    }

    /** The migration files the release had: each schema's, up to its newest version then, in a class path folder. */
    private Path releaseMigrations() throws IOException {
        Path out = tmp.resolve("release");
        Path root = Path.of("").toAbsolutePath().getParent();
        for (String module : List.of("cmdb-store", "kernel", "server")) {
            Path resources = root.resolve(module).resolve("src/main/resources");
            for (Schema schema : CURRENT) {
                for (String folder : List.of(schema.location(), "db/dialect/sqlite/" + schema.name())) {
                    Path from = resources.resolve(folder);
                    if (!Files.isDirectory(from)) {
                        continue;
                    }
                    try (Stream<Path> files = Files.list(from)) {
                        for (Path f : files.toList()) {
                            if (notNewer(f.getFileName().toString(), RELEASE_LATEST.get(schema.name()))) {
                                Path to = Files.createDirectories(out.resolve(folder))
                                        .resolve(f.getFileName());
                                Files.copy(f, to);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Whether migration file {@code name} (V1_1__x.sql) is at or below {@code version} (1.1). */
    private static boolean notNewer(String name, String version) {
        String[] v = name.substring(1, name.indexOf("__")).split("_");
        String[] limit = version.split("\\.");
        for (int i = 0; i < Math.max(v.length, limit.length); i++) {
            int a = i < v.length ? Integer.parseInt(v[i]) : 0;
            int b = i < limit.length ? Integer.parseInt(limit[i]) : 0;
            if (a != b) {
                return a < b;
            }
        }
        return true;
    }

    private static String newest(Database db, Schema schema) {
        return db.read(c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT version FROM schema_history_" + schema.name()
                            + " WHERE version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }
}

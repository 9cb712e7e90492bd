package dev.tejun.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseException;
import dev.tejun.cmdb.db.Schema;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Change;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.HostsSheet;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.flow.state.FlowStore;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.Json;
import dev.tejun.server.audit.AuditHead;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.ServerSchema;
import dev.tejun.server.audit.Via;
import dev.tejun.server.auth.Role;
import dev.tejun.server.auth.UserStore;
import dev.tejun.server.schedules.ScheduleStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder made by the code before Flyway (main at 4171177: its migrations are kept under
 * {@code legacy-4171177/} as they were, recorded in {@code schema_migrations} as its runner did) opens with the new
 * code and loses nothing: users sign in, the audit chain verifies, CMDB rows keep their history, the append-only
 * triggers still hold, and the migrations added since run once.
 */
class LegacyDataFolderTest {

    private static final String[][] MAIN_4171177 = {
        {"db/migration/cmdb", "V1__cmdb_core.sql"},
        {"db/migration/server", "V1__users_tokens.sql"},
        {"db/migration/server", "V2__audit_log.sql"},
        {"db/migration/server", "V3__runs_index.sql"},
        {"db/migration/server", "V4__users_disabled.sql"},
        {"db/migration/server", "V5__run_stop_requests.sql"},
        {"db/migration/server", "V6__runs_seen_at.sql"},
        {"db/migration/server", "V13__audit_mac.sql"},
        {"db/migration/flow", "V1__flow_instances.sql"},
        {"db/migration/flow", "V2__flow_transitions.sql"},
        {"db/migration/sched", "V1__schedules_and_events.sql"},
        {"db/migration/sched", "V2__suppression.sql"},
        {"db/migration/sched", "V3__schedule_activations.sql"}
    };

    @TempDir
    Path tmp;

    @Test
    void open_dataFolderOfMain_keepsUsersAuditChainAndCmdbHistory() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("old"));
        legacyDatabase(data.resolve("tejun.db"), MAIN_4171177);
        fillLikeMain(data);

        try (Database db = Database.open(data.resolve("tejun.db"))) {
            CmdbStore cmdb = new CmdbStore(db, Clock.systemUTC());
            UserStore users = new UserStore(db, Clock.systemUTC());
            AuditLog audit = new AuditLog(db, Clock.systemUTC());
            new FlowStore(db);
            new ScheduleStore(db, Json.newMapper(), "local");

            assertTrue(users.check("alice", "correct horse battery").isPresent(), "alice still signs in");
            AuditLog.Verification v = audit.verify();
            assertTrue(v.ok(), v.toString());
            assertEquals(6, v.entries());
            audit.append("alice", Via.API, "after.upgrade", null, "ok", null, null);
            assertTrue(audit.verify().ok(), "the chain goes on");

            Row web1 = cmdb.list(HostsSheet.NAME, RowQuery.all()).stream()
                    .filter(r -> "web1".equals(r.host()))
                    .findFirst()
                    .orElseThrow();
            List<Change> history = cmdb.history(HostsSheet.NAME, web1.id());
            assertEquals(2, history.size(), history.toString());
            assertEquals(2222L, ((Number) web1.value(HostsSheet.SSH_PORT)).longValue());
            Row web2 = cmdb.register(HostsSheet.NAME, RowDraft.host("web2", Map.of()), new Actor("bob", Channel.API));
            assertTrue(web2.id() > web1.id(), "new ids follow the old ones");

            db.write(c -> {
                assertThrows(SQLException.class, () -> c.createStatement().executeUpdate("DELETE FROM audit_log"));
                assertThrows(
                        SQLException.class, () -> c.createStatement().executeUpdate("UPDATE cmdb_journal SET at = 0"));
                return null;
            });
            List<String> upgraded = new java.util.ArrayList<>(List.of("16"));
            upgraded.addAll(serverMigrationsAfter16());
            assertEquals(upgraded, db.read(c -> versions(c, "schema_history_server")));
            assertTrue(db.read(c -> columns(c, "flow_node_state")).contains("position"), "flow V3 ran");
        }
        // and again: nothing is run twice
        try (Database db = Database.open(data.resolve("tejun.db"))) {
            new UserStore(db, Clock.systemUTC());
            new FlowStore(db);
            assertEquals(
                    List.of("2", "3", "3.1", "15", "16", "17", "18"), db.read(c -> versions(c, "schema_history_flow")));
        }
    }

    @Test
    void open_olderDataFolderWithGaps_runsTheMissingMigrationsOnce() throws Exception {
        // before V13 and sched V3 existed: after the merge into one set they are gaps (V13 below sched's V14, V15)
        Path data = Files.createDirectories(tmp.resolve("older"));
        String[][] older = java.util.Arrays.stream(MAIN_4171177)
                .filter(m -> !m[1].startsWith("V13__") && !m[1].startsWith("V3__schedule"))
                .toArray(String[][]::new);
        legacyDatabase(data.resolve("tejun.db"), older);
        try (Database db = Database.open(data.resolve("tejun.db"))) {
            AuditLog audit = new AuditLog(db, Clock.systemUTC());
            audit.append("alice", Via.API, "act", null, "ok", null, null);
            assertTrue(audit.verify().ok());
            assertTrue(db.read(c -> columns(c, "audit_log")).contains("mac"), "V13 ran");
            assertTrue(db.read(c -> columns(c, "sched_activations")).contains("content_hash"), "sched V3 ran");
        }
    }

    @Test
    void open_newFolder_makesEverythingThroughFlyway() throws Exception {
        try (Database db = Database.open(tmp.resolve("new/tejun.db"))) {
            new CmdbStore(db, Clock.systemUTC())
                    .register(HostsSheet.NAME, RowDraft.host("web1", Map.of()), new Actor("alice", Channel.API));
            new UserStore(db, Clock.systemUTC());
            assertEquals(List.of("1", "1.1", "10", "11"), db.read(c -> versions(c, "schema_history_cmdb")));
            assertEquals(
                    java.util.stream.Stream.concat(
                                    Stream.of("0", "1", "2", "2.1", "3", "4", "5", "6", "13", "14", "15", "16"),
                                    serverMigrationsAfter16().stream())
                            .toList(),
                    db.read(c -> versions(c, "schema_history_server")),
                    "after the CMDB's tables: from 0 on");
            new FlowStore(db);
            for (Schema schema : List.of(CmdbStore.SCHEMA, FlowStore.SCHEMA, ServerSchema.SCHEMA)) {
                List<String> applied = db.read(c -> versions(c, "schema_history_" + schema.name()));
                assertEquals(
                        schema.latest(),
                        applied.getLast(),
                        "Schema.latest of " + schema.name()
                                + " is not its newest migration: raise it, or a new migration is never applied");
            }
            assertThrows(
                    DatabaseException.class,
                    () -> db.write(c -> c.createStatement().executeUpdate("DELETE FROM cmdb_journal")));
            assertTrue(db.read(c -> tables(c)).stream().noneMatch("schema_migrations"::equals));
        }
    }

    /** The database the pre-Flyway runner made: each listed migration run as it was, then recorded. */
    static void legacyDatabase(Path file, String[][] migrations) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement()) {
            st.executeUpdate(
                    "CREATE TABLE schema_migrations (location VARCHAR(200) NOT NULL, version INTEGER NOT NULL, "
                            + "name VARCHAR(200) NOT NULL, sha256 VARCHAR(64) NOT NULL, applied_at VARCHAR(40) NOT NULL, "
                            + "PRIMARY KEY (location, version))");
            for (String[] m : migrations) {
                String text = resource("legacy-4171177/" + m[0] + "/" + m[1]);
                for (String sql : statements(text)) {
                    st.executeUpdate(sql);
                }
                try (PreparedStatement ps =
                        c.prepareStatement("INSERT INTO schema_migrations VALUES (?, ?, ?, ?, ?)")) {
                    String[] parts = m[1].split("__");
                    ps.setString(1, m[0]);
                    ps.setInt(2, Integer.parseInt(parts[0].substring(1)));
                    ps.setString(3, parts[1].replace(".sql", ""));
                    ps.setString(
                            4,
                            HexFormat.of()
                                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                            .digest(text.getBytes(StandardCharsets.UTF_8))));
                    ps.setString(5, Instant.now().toString());
                    ps.executeUpdate();
                }
            }
        }
    }

    /**
     * Rows as main wrote them: the store code that writes them did not change, so they are made in a scratch
     * folder and copied over row for row (with the keys and the audit head beside them).
     */
    private void fillLikeMain(Path data) throws Exception {
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        try (Database db = Database.open(scratch.resolve("tejun.db"))) {
            CmdbStore cmdb = new CmdbStore(db, Clock.systemUTC());
            Actor alice = new Actor("alice", Channel.WEB);
            Row web1 = cmdb.register(HostsSheet.NAME, RowDraft.host("web1", Map.of(HostsSheet.SSH_PORT, 22)), alice);
            cmdb.update(
                    HostsSheet.NAME,
                    web1.id(),
                    web1.version(),
                    RowDraft.host("web1", Map.of(HostsSheet.SSH_PORT, 2222)),
                    alice);
            new UserStore(db, Clock.systemUTC()).create("alice", "correct horse battery", EnumSet.of(Role.OPERATOR));
            AuditLog audit = new AuditLog(db, Clock.systemUTC());
            for (int i = 0; i < 6; i++) {
                audit.append("alice", Via.WEB, "act", "t" + i, "ok", "127.0.0.1", "{\"n\":" + i + "}");
            }
        }
        for (String file : List.of(ProofKey.FILE, AuditHead.FILE, CmdbStore.KEY_FILE)) {
            if (Files.exists(scratch.resolve(file))) {
                Files.copy(scratch.resolve(file), data.resolve(file));
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tejun.db"));
                Statement st = c.createStatement()) {
            st.execute("ATTACH DATABASE '" + scratch.resolve("tejun.db") + "' AS scratch");
            for (String table :
                    List.of("cmdb_sheet", "cmdb_row", "cmdb_unique_key", "cmdb_journal", "api_tokens", "audit_log")) {
                // main's own columns: a later migration may have added one (api_tokens.expires_at, server V147)
                String columns = String.join(", ", mainColumns(c, table));
                st.executeUpdate("INSERT INTO main." + table + " (" + columns + ") SELECT " + columns + " FROM scratch."
                        + table);
            }
            // main's users table had no source column yet (server V35)
            st.executeUpdate("INSERT INTO main.users SELECT name, password_hash, roles, created_at, disabled"
                    + " FROM scratch.users");
        }
    }

    private static List<String> mainColumns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA main.table_info(" + table + ")")) {
            while (rs.next()) {
                out.add(rs.getString("name"));
            }
        }
        return out;
    }

    private static List<String> versions(Connection c, String history) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version FROM " + history + " ORDER BY installed_rank")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * The server migrations newer than the last one the legacy runner knew (V16), read from the classpath: every
     * engineer adds migrations, and each must run on an upgraded folder and a new one alike.
     */
    private static List<String> serverMigrationsAfter16() throws Exception {
        List<String> found = new java.util.ArrayList<>();
        for (String folder : List.of("db/migration/server", "db/dialect/sqlite/server")) {
            java.net.URL url = ServerSchema.class.getClassLoader().getResource(folder);
            try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                files.map(f -> f.getFileName().toString())
                        .filter(n -> n.matches("V\\d+(_\\d+)?__.*\\.sql"))
                        .map(n -> n.substring(1, n.indexOf("__")).replace('_', '.'))
                        .forEach(found::add);
            }
        }
        return found.stream()
                .filter(v -> Double.parseDouble(v) > 16)
                .sorted(java.util.Comparator.comparingDouble(Double::parseDouble))
                .toList();
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getColumns(null, null, table, null)) {
            while (rs.next()) {
                out.add(rs.getString("COLUMN_NAME"));
            }
        }
        return out;
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, null, "%", null)) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME"));
            }
        }
        return out;
    }

    /** Splits a migration as the old runner did: at {@code ;} ending a line, a trigger body kept whole. */
    private static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean trigger = false;
        for (String line : script.split("\r?\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            trigger |= current.isEmpty() && t.toUpperCase().startsWith("CREATE TRIGGER");
            current.append(line).append('\n');
            if (t.endsWith(";") && (!trigger || t.equalsIgnoreCase("END;"))) {
                out.add(current.toString());
                current.setLength(0);
                trigger = false;
            }
        }
        return out;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LegacyDataFolderTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package dev.tejun.server.health;

import dev.tejun.cmdb.db.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether this server can do its work now, for a load balancer's or Kubernetes' readiness probe: the database
 * answers a query, its migrations all succeeded, the evidence folder takes a file, and the data folder has more
 * free space than the configured floor. Each check says what it found, so a failed probe explains itself.
 */
public final class Readiness {

    private final Database database;
    private final Path evidence;
    private final Path dataDir;
    private final long minFreeBytes;

    public Readiness(Database database, Path evidence, Path dataDir, long minFreeBytes) {
        this.database = database;
        this.evidence = evidence;
        this.dataDir = dataDir;
        this.minFreeBytes = minFreeBytes;
    }

    /** Each check's finding; a finding that starts with "ok" passed. */
    public Map<String, String> check() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("database", safely(this::database));
        out.put("migrations", safely(this::migrations));
        out.put("evidence", safely(this::evidenceWritable));
        out.put("disk", safely(this::disk));
        return out;
    }

    private interface Check {
        String run() throws Exception;
    }

    private static String safely(Check c) {
        try {
            return c.run();
        } catch (Exception e) {
            return "failed: " + e.getMessage();
        }
    }

    private String database() {
        return database.read(c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT 1")) {
                return rs.next() ? "ok" : "failed: no answer";
            }
        });
    }

    /** No failed migration in any module's history (a failed one leaves the schema half changed). */
    private String migrations() {
        return database.read(c -> {
            int failed = 0;
            int applied = 0;
            for (String table : new String[] {"schema_history_server", "schema_history_cmdb", "schema_history_flow"}) {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT success FROM " + table)) {
                    while (rs.next()) {
                        applied++;
                        failed += rs.getBoolean(1) ? 0 : 1;
                    }
                }
            }
            return failed == 0 ? "ok: " + applied + " applied" : "failed: " + failed + " failed migrations";
        });
    }

    private String evidenceWritable() throws IOException {
        Files.createDirectories(evidence);
        Path probe = Files.createTempFile(evidence, ".ready-", ".tmp");
        Files.delete(probe);
        return "ok";
    }

    private String disk() throws IOException {
        long free = Files.getFileStore(dataDir).getUsableSpace();
        String mb = free / (1024 * 1024) + " MB free";
        return free >= minFreeBytes
                ? "ok: " + mb
                : "failed: " + mb + ", below " + minFreeBytes / (1024 * 1024) + " MB (health.min-free-mb)";
    }
}

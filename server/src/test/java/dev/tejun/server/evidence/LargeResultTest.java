package dev.tejun.server.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cell whose result is larger than any reader of evidence accepts (a real {@code tejun run} JVM, a real cmdb
 * cell making a 24 MB value): the result is recorded cut, with a marker, and the run index and audit log still
 * get the run's end.
 */
@Tag("e2e")
class LargeResultTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void hugeResult_recordedTruncated_runIndexedAndAuditedAsEnded() throws Exception {
        Path home = tmp.resolve("home");
        Path book = Files.writeString(tmp.resolve("big.md"), """
                # Big

                ```cmdb {#big}
                SELECT hex(zeroblob(12000000)) AS big
                ```
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "run",
                        book.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("cli.log").toFile());
        pb.environment().put("TEJUN_HOME", home.toString());
        pb.environment().putAll(TestDatabases.environment(home));
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the run did not end");
        String log = tail(tmp.resolve("cli.log"));
        assertEquals(0, p.exitValue(), log);

        Path run;
        try (Stream<Path> runs = Files.list(home.resolve("evidence"))) {
            run = runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        JsonNode result = JSON.readTree(run.resolve("cells/01-big/result.json").toFile())
                .path("results")
                .get(0);
        assertTrue(result.path("data").asText().length() < 24_000_000, "cut");
        assertTrue(result.path("data").asText().contains("truncated"), "with a marker");

        try (Database db = TestDatabases.open(home)) {
            String status = db.write(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT status FROM runs")) {
                    return rs.next() ? rs.getString(1) : null;
                }
            });
            assertEquals("OK", status, "the run index has the run's end");
            int ends = db.write(c -> {
                try (ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT count(*) FROM audit_log WHERE action = 'execution.end' AND outcome = 'ok'")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(1, ends, "the audit log has the run's end");
        }
    }

    private static String tail(Path log) throws Exception {
        String s = Files.readString(log);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}

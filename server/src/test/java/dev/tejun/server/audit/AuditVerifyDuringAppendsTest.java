package dev.tejun.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads run beside writes in the one database, but verifying the audit log must not: an append writes the head
 * file before its row commits, so a verify between the two would report the newest entry missing.
 */
class AuditVerifyDuringAppendsTest {

    @TempDir
    Path data;

    @Test
    void verify_whileAnotherThreadAppends_neverSeesTheHeadAheadOfTheRows() throws Exception {
        try (Database db = TestDatabases.open(data)) {
            AuditLog log = new AuditLog(db, Clock.systemUTC());
            log.append("u", Via.API, "first", null, "ok", null, null);
            Thread appender = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 300; i++) {
                    log.append("u", Via.API, "act", "t" + i, "ok", null, null);
                }
            });
            List<String> problems = new ArrayList<>();
            while (appender.isAlive()) {
                AuditLog.Verification v = log.verify();
                if (!v.ok()) {
                    problems.add(v.problem());
                }
            }
            appender.join();
            assertEquals(List.of(), problems);
        }
    }
}

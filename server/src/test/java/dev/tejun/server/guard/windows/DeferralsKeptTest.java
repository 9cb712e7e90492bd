package dev.tejun.server.guard.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.schedule.ScheduleLedger.Deferral;
import dev.tejun.server.Json;
import dev.tejun.server.schedules.ScheduleStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schedule's fire time deferred to the end of a freeze is kept in the server's database, so a restarted server's
 * scheduler arms it again (on PostgreSQL too with -Dtejun.test.database=postgresql).
 */
class DeferralsKeptTest {

    @TempDir
    Path tmp;

    @Test
    void defer_thenReopen_deferralStillThereUntilUndone() {
        Deferral d = new Deferral(
                Instant.parse("2026-12-30T00:00:00Z"), Instant.parse("2027-01-04T06:00:00Z"), "inside freeze year-end");
        try (Database db = TestDatabases.open(tmp)) {
            ScheduleStore store = new ScheduleStore(db, Json.newMapper(), "local");
            store.defer("file:nightly.md", d);
            store.defer("file:nightly.md", d); // deferring again replaces, one per schedule
        }
        try (Database db = TestDatabases.open(tmp)) {
            ScheduleStore store = new ScheduleStore(db, Json.newMapper(), "local");
            assertEquals(Map.of("file:nightly.md", d), store.deferrals());
            store.undefer("file:nightly.md");
            assertEquals(Map.of(), store.deferrals());
        }
    }
}

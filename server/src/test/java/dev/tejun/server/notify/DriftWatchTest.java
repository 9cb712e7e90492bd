package dev.tejun.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.audit.AuditEntry;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import dev.tejun.server.cmdb.CmdbSamples;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drift look is a whole drift report, so {@link DriftWatch} takes one only when the CMDB changed since its last:
 * scheduled runs that wrote nothing cost no look, a collection that wrote a value (or only marked a host collected)
 * does. On a real SQLite database made by a server, with a real CMDB and audit log.
 */
class DriftWatchTest {

    @TempDir
    Path temp;

    @Test
    void scheduledRunEnds_cmdbUnchanged_noLookUntilSomethingChanges() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            CmdbSamples.fill(t.cmdb);
            assertEquals(201, t.post("/api/cmdb/sheets", """
                    {"name":"web_seen","kind":"HOST","observes":{"sheet":"web","columns":{"listen":"port"}},
                     "columns":[{"name":"listen","type":"STRING"}]}""").statusCode());
        }
        try (Database db = TestDatabases.open(temp.resolve("data"));
                CmdbStore cmdb = new CmdbStore(db, Clock.systemUTC())) {
            AuditLog audit = new AuditLog(db, Clock.systemUTC());
            try (DriftWatch watch = new DriftWatch(cmdb, db, audit, new ObjectMapper())) {
                audit.listen(watch::audited);
                looks(cmdb, audit, watch);
            }
        }
    }

    private static void looks(CmdbStore cmdb, AuditLog audit, DriftWatch watch) throws Exception {

        scheduledRunEnds(audit);
        Await.until(() -> watch.looked() + watch.skipped() == 1, "the first look");
        assertEquals(1, watch.looked(), "no look was taken yet: the first is");
        for (int i = 2; i <= 4; i++) {
            scheduledRunEnds(audit);
            long n = i;
            Await.until(() -> watch.looked() + watch.skipped() == n, "run " + i + " seen");
        }
        assertEquals(1, watch.looked(), "three runs that changed nothing in the CMDB: no look");
        assertEquals(3, watch.skipped());

        // a collect run finds web2 listening elsewhere: the next run's end looks, and tells it
        cmdb.recordObserved(
                "web_seen",
                Map.of("web1", Map.of("listen", "8080"), "web2", Map.of("listen", "9999")),
                "run-5",
                Actor.SYSTEM);
        scheduledRunEnds(audit);
        Await.until(() -> watch.looked() == 2, "a look after the collection");
        List<AuditEntry> drifts = drifts(audit);
        assertEquals(1, drifts.size(), drifts.toString());

        // a collection that changes no value still marks the hosts collected: looked at, nothing new
        cmdb.recordObserved("web_seen", Map.of("web2", Map.of("listen", "9999")), "run-6", Actor.SYSTEM);
        scheduledRunEnds(audit);
        Await.until(() -> watch.looked() == 3, "a look after the second collection");
        assertEquals(1, drifts(audit).size(), "web2's drift was told already");
    }

    private static List<AuditEntry> drifts(AuditLog audit) {
        return audit.query(new AuditLog.Filter(null, "drift.found", null, null, 10));
    }

    private static void scheduledRunEnds(AuditLog audit) {
        audit.append("sched-op", Via.SCHEDULER, "execution.end", "check.md", "ok", null, "{}");
    }
}

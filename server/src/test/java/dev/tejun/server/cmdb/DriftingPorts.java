package dev.tejun.server.cmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.cmdb.model.Actor;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.TestServer;
import java.util.Map;

/** The web sheet's ports observed (sheet web_seen), and a scheduled drift check, for drift tests over a server. */
public final class DriftingPorts {

    private DriftingPorts() {}

    /** Observed sheet web_seen pairs its listen column with web's port. */
    public static void observedSheet(TestServer t) throws Exception {
        assertEquals(201, t.post("/api/cmdb/sheets", """
                {"name":"web_seen","kind":"HOST","observes":{"sheet":"web","columns":{"listen":"port"}},
                 "columns":[{"name":"listen","type":"STRING"}]}""").statusCode());
    }

    /** What a collect cell would write: web1 listens where expected, web2 on 9999. */
    public static void web2Drifts(TestServer t) {
        t.cmdb.recordObserved(
                "web_seen",
                Map.of("web1", Map.of("listen", "8080"), "web2", Map.of("listen", "9999")),
                "run-1",
                Actor.SYSTEM);
    }

    /** A runbook scheduled every second, activated by user sched-op: each of its runs is a drift check. */
    public static void scheduleCheck(TestServer t) throws Exception {
        t.write("check.md", "---\nschedule: \"* * * ? * *\"\n---\n```sh {#look}\necho looked\n```\n");
        String op = t.userWith("sched-op", Role.OPERATOR);
        assertEquals(
                200,
                t.as(op, "POST", "/api/schedules/file:check.md/activate", "").statusCode());
    }
}

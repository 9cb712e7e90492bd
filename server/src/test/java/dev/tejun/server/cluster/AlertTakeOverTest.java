package dev.tejun.server.cluster;

import static dev.tejun.server.cluster.HeadlessQueueTest.ticks;
import static dev.tejun.server.cluster.QueueAcrossServersTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.testing.TestPostgres;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert runs on servers sharing one PostgreSQL belong to the server that decided them: a server starting beside a
 * living one leaves the runs that one waits for alone (before, every start treated every unfinished alert run as cut
 * off by its own stop and tried it again), and when the owner stops mid-run another server goes on with its runs as
 * the owner's own restart would have.
 */
class AlertTakeOverTest {

    /** Runs a few seconds (long enough for a server to start beside it), then writes a line per execution. */
    private static final String SLOW = "# Fix\n\n```sh\nsleep 4\necho fixed >> \"$HOME/ran\"\n```\n";

    private static final String RULE = """
            rules:
              - name: fix
                when: { labels.alertname: Broken }
                run: fix.md
                retry: { times: 1, interval: 1s }
            """;

    private static final String ALERT =
            "{\"source\":\"test\",\"status\":\"firing\",\"labels\":{\"alertname\":\"Broken\"}}";

    @TempDir
    Path temp;

    private Function<Path, DatabaseSettings> shared;

    @BeforeEach
    void oneDatabase() {
        TestPostgres pg = TestPostgres.get();
        String url = pg.freshDatabase();
        shared = data -> new DatabaseSettings(data, url, pg.user(), null);
    }

    @Test
    void start_besideAServerWaitingForAnAlertRun_leavesThatRunAlone() throws Exception {
        try (TestServer a = server("a");
                TestServer b = server("b")) {
            a.activateRule("rules/r.yaml#fix");
            assertEquals(202, b.post("/api/events", ALERT).statusCode());
            Database db = a.cmdb.database();
            Await.until(() -> ticks(db, "started") == 1, "b's run of fix.md started");

            try (TestServer c = server("c")) { // starts while b waits for its run
                Await.until(() -> ticks(db, "done") == 1, "b's run done");
                Await.until(() -> event(db).containsKey("ok"), "the event's run recorded ok");
                Thread.sleep(2500); // a retry (1 s interval) made by c would be queued by now
                assertEquals(1, ticks(db, null), "fix.md ran once: " + QueueAcrossServersTest.states(db));
                assertEquals(Map.of("ok", "1"), event(db), "one attempt, ok");
            }
        }
    }

    @Test
    void stop_ofTheServerWaitingForAnAlertRun_anotherGoesOnWithIt() throws Exception {
        try (TestServer a = server("a")) {
            a.activateRule("rules/r.yaml#fix");
            Database db = a.cmdb.database();
            try (TestServer b = server("b")) {
                assertEquals(202, b.post("/api/events", ALERT).statusCode());
                Await.until(() -> ticks(db, "started") == 1, "b's run of fix.md started");
            } // b stops during the run: its run is stopped and nobody waits for it any more
            Await.until(() -> event(db).containsKey("ok"), "a retried the run b left and it ended ok");
            assertEquals(Map.of("ok", "2"), event(db), "a's retry was the second attempt");
            assertEquals(
                    Map.of(a.server.node().orElseThrow().name(), 1L),
                    count(db, "SELECT owner, COUNT(*) FROM sched_events WHERE decision = 'run' GROUP BY 1"),
                    "a owns the event's run now");
        }
    }

    /** A server whose runbooks folder holds the rule and its runbook as it starts (a start reads the rules). */
    private TestServer server(String name) throws IOException {
        Path runbooks = Files.createDirectories(temp.resolve(name).resolve("runbooks/rules"))
                .getParent();
        Files.writeString(runbooks.resolve("fix.md"), SLOW);
        Files.writeString(runbooks.resolve("rules/r.yaml"), RULE);
        return new TestServer(temp.resolve(name), shared, c -> c);
    }

    /** The event's run status and attempts ({@code status -> attempts}), empty while it has no status. */
    private static Map<String, String> event(Database db) {
        return db.read(c -> {
            try (var ps = c.prepareStatement(
                            "SELECT run_status, attempts FROM sched_events WHERE decision = 'run' ORDER BY id");
                    var rs = ps.executeQuery()) {
                List<Map<String, String>> rows = new java.util.ArrayList<>();
                while (rs.next()) {
                    rows.add(
                            rs.getString(1) == null ? Map.of() : Map.of(rs.getString(1), String.valueOf(rs.getInt(2))));
                }
                return rows.size() == 1 ? rows.get(0) : Map.of("rows", String.valueOf(rows.size()));
            }
        });
    }
}

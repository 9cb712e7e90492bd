package dev.tejun.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.audit.Via;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.ServerProcess;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed with SIGKILL loses no notification and makes none twice: real server processes on one folder, a
 * real loopback webhook receiver. Delivery is at least once, each notice under one delivery id (made from the audit
 * entry and the subscription) however often it is tried, so a receiver that drops a repeated {@code
 * X-Tejun-Delivery} sees each exactly once.
 */
class NotifyCrashTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the receiver got it. */
    record Got(String delivery, JsonNode body) {}

    @TempDir
    Path temp;

    HttpServer receiver;
    final List<Got> got = new CopyOnWriteArrayList<>();
    /** How long the receiver takes to answer, so that sends are under way when the server dies. */
    volatile long answerMillis;

    @BeforeEach
    void receive() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            got.add(new Got(ex.getRequestHeaders().getFirst("X-Tejun-Delivery"), JSON.readTree(body)));
            try {
                Thread.sleep(answerMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private String yaml() {
        return "notify:\n  webhook:\n    url: http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\n  attempts: 5\n  retry-seconds: 1\n"
                // on PostgreSQL the killed server is a dead member of the cluster once this lease passed
                + "cluster.lease-seconds: 3\n";
    }

    private ServerProcess server() throws Exception {
        Files.createDirectories(temp.resolve("runbooks/ops"));
        Files.writeString(temp.resolve("runbooks/ops/fails.md"), "```sh {#boom}\necho going; exit 3\n```\n");
        return ServerProcess.start(temp, yaml());
    }

    /** Subscribes the ops folder's failed runs to the webhook; answers the subscription's id. */
    private static String subscribe(ServerProcess s) throws Exception {
        HttpResponse<String> r = s.send(
                "POST",
                "/api/notifications/subscriptions",
                "{\"scope\":\"folder\",\"target\":\"ops\",\"channel\":\"webhook\",\"events\":[\"run.failed\"]}");
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).path("id").asText();
    }

    private static void run(ServerProcess s) throws Exception {
        HttpResponse<String> r = s.send("POST", "/api/runs", "{\"runbook\":\"ops/fails.md\"}");
        assertTrue(r.statusCode() / 100 == 2, r.body());
    }

    /** The run each notice is about (its link ends with the run id), each with the delivery ids it came under. */
    private Map<String, Set<String>> idsByRun() {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Got g : got) {
            String link = g.body().path("link").asText();
            out.computeIfAbsent(link.substring(link.indexOf("?id=") + 4), k -> new TreeSet<>())
                    .add(g.delivery());
        }
        return out;
    }

    @Test
    void kill9_afterEventsWereAuditedBeforeTheirDeliveries_theNextStartSendsEachOnce() throws Exception {
        try (ServerProcess first = server()) {
            subscribe(first);
            run(first);
            Await.until(() -> got.size() == 1, "the first run's notice");
            Await.until(
                    () -> first.send("GET", "/api/notifications/deliveries", null)
                            .body()
                            .contains("\"status\":\"sent\""),
                    "its delivery recorded sent");
            // The server's last moment: three runs' ends are in the audit log, written as the server writes them,
            // and the server gets no further (held still, then killed) before it makes their deliveries.
            first.freeze();
            try (Database db = TestDatabases.open(temp.resolve("data"))) {
                AuditLog audit = new AuditLog(db, Clock.systemUTC());
                for (int i = 1; i <= 3; i++) {
                    audit.append(
                            "tester",
                            Via.API,
                            "execution.end",
                            "ops/fails.md",
                            "failed",
                            null,
                            "{\"runId\":\"crashed-" + i + "\"}");
                }
            }
            first.kill();
        }
        try (ServerProcess again = server()) {
            Await.until(() -> got.size() >= 4, "the three notices the killed server left");
            Thread.sleep(2_000); // what a wrong start would send again (the first run's) comes by now: none may
            Map<String, Set<String>> ids = idsByRun();
            assertEquals(4, got.size(), "each notice once: " + got);
            assertEquals(Set.of("crashed-1", "crashed-2", "crashed-3"), new TreeSet<>(ids.keySet()).tailSet("c"));
            ids.values().forEach(d -> assertEquals(1, d.size(), "one delivery id per notice: " + ids));
            assertEquals(
                    4, ids.values().stream().flatMap(Set::stream).distinct().count(), ids.toString());
        }
    }

    @Test
    void kill9_whileRunsEndAndNoticesAreSent_eachEndToldUnderItsOneDeliveryId() throws Exception {
        answerMillis = 300;
        String subscription;
        try (ServerProcess first = server()) {
            subscription = subscribe(first);
            for (int i = 0; i < 12; i++) {
                run(first);
            }
            Await.until(() -> got.size() >= 3, "some notices under way");
            first.kill();
        }
        answerMillis = 0;
        try (ServerProcess again = server();
                Database db = TestDatabases.open(temp.resolve("data"))) {
            // the id each audited end's delivery must come under: made from the entry and the subscription
            try {
                Await.until(
                        () -> ended(db).size() >= 12 && delivered().containsAll(expected(ended(db), subscription)),
                        "every audited run end told");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; " + where(db, subscription), e);
            }
            Map<Long, String> ended = ended(db);
            Set<String> expected = expected(ended, subscription);
            assertEquals(expected, delivered(), "each audited end under its delivery id, and nothing else");
            Map<String, Set<String>> ids = idsByRun();
            assertEquals(new TreeSet<>(ended.values()), ids.keySet(), "every run whose end is audited is told");
            ids.values()
                    .forEach(
                            d -> assertEquals(
                                    1,
                                    d.size(),
                                    "each run's end told once: " + ids + "; " + where(db, subscription) + ", ends "
                                            + rows(
                                                    db,
                                                    "SELECT id, user_name, outcome, detail FROM audit_log WHERE action = 'execution.end'")));
            long ends = ended.size();
            assertEquals(ends, expected.size(), "a delivery id per audited end: " + ended);
        }
    }

    @Test
    void kill9_whileTheReceiverHoldsASend_theNextStartSendsItAgainUnderItsId() throws Exception {
        answerMillis = 20_000; // the send is under way (taken, not answered) when the server dies
        try (ServerProcess first = server()) {
            subscribe(first);
            run(first);
            Await.until(() -> got.size() == 1, "the notice reached the receiver, which does not answer yet");
            first.kill();
        }
        answerMillis = 0;
        try (ServerProcess again = server()) {
            // alone on SQLite the cut-off send is sent again at start; on PostgreSQL, where another living server
            // could be sending it, once the dead server's lease passed (not only after the delivery's own lease)
            Await.until(
                    () -> again.send("GET", "/api/notifications/deliveries", null)
                            .body()
                            .contains("\"status\":\"sent\""),
                    "the cut-off send sent again and recorded sent");
            assertEquals(2, got.size(), got.toString());
            assertEquals(got.get(0).delivery(), got.get(1).delivery(), "under its one delivery id");
        }
    }

    /** Where the runs and their deliveries stand: what a timeout says. */
    private String where(Database db, String subscription) {
        Map<Long, String> ended = ended(db);
        Set<String> missing = new TreeSet<>(expected(ended, subscription));
        missing.removeAll(delivered());
        return "ends audited " + ended + ", not received " + missing + ", deliveries "
                + rows(db, "SELECT id, status, attempts, reason FROM notify_deliveries ORDER BY created_at")
                + ", queue " + rows(db, "SELECT run_id, state, claimed_by FROM run_queue")
                + ", runs " + rows(db, "SELECT run_id, status FROM runs")
                + ", position " + rows(db, "SELECT * FROM notify_position");
    }

    private static List<String> rows(Database db, String sql) {
        return db.read(c -> {
            List<String> out = new java.util.ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        row.append(i > 1 ? "|" : "").append(rs.getString(i));
                    }
                    out.add(row.toString());
                }
            } catch (java.sql.SQLException e) {
                out.add(e.getMessage());
            }
            return out;
        });
    }

    private Set<String> delivered() {
        Set<String> out = new TreeSet<>();
        got.forEach(g -> out.add(g.delivery()));
        return out;
    }

    private static Set<String> expected(Map<Long, String> ended, String subscription) {
        Set<String> out = new TreeSet<>();
        ended.keySet().forEach(id -> out.add(NoticeFollower.deliveryId(id, subscription)));
        return out;
    }

    /** The {@code execution.end} entries of the audit log by id, each with its run: every run that ended or died. */
    private static Map<Long, String> ended(Database db) {
        return db.read(c -> {
            Map<Long, String> out = new TreeMap<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT id, detail FROM audit_log WHERE action = 'execution.end'")) {
                while (rs.next()) {
                    out.put(
                            rs.getLong(1),
                            JSON.readTree(rs.getString(2)).path("runId").asText());
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return out;
        });
    }
}

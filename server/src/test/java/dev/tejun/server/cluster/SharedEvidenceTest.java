package dev.tejun.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestPostgres;
import dev.tejun.kernel.proof.ProofKey;
import dev.tejun.server.Json;
import dev.tejun.server.evidence.EvidenceFolders;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.runs.queue.RunQueue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence in a folder the servers of a cluster share ({@code evidence.folder}, issue 19 item 4): each server writes
 * under {@code <folder>/<its name>/} with its own chain, and any server answers any run's events, output, report and
 * verification whoever executed it — also after the server that executed it was killed ({@code kill -9}, a child
 * JVM): nothing it completed is lost to the others.
 */
class SharedEvidenceTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    static String yaml(String node, Path shared) {
        return "cluster.node-name: " + node + "\nevidence.folder: " + shared + "\ncluster.lease-seconds: 3\n";
    }

    @Test
    void runs_throughEitherServer_eachReadAndVerifiedThroughTheOther() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.freshDatabase();
        Path shared = temp.resolve("shared");
        try (TestServer a = QueueAcrossServersTest.member(temp.resolve("a"), pg, url, yaml("a", shared))) {
            // one proof key for the cluster: b seals with a's key (without it, b is refused: see below)
            Path bData = temp.resolve("b").resolve("data");
            Files.createDirectories(bData);
            Files.copy(a.data.resolve(ProofKey.FILE), bData.resolve(ProofKey.FILE));
            try (TestServer b = QueueAcrossServersTest.member(temp.resolve("b"), pg, url, yaml("b", shared))) {
                a.write("hello.md", runbook());
                b.write("hello.md", runbook());
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    TestServer through = i % 2 == 0 ? a : b;
                    HttpResponse<String> r = through.post("/api/runs", "{\"runbook\":\"hello.md\"}");
                    assertEquals(201, r.statusCode(), r.body());
                    ids.add(Json.MAPPER.readTree(r.body()).path("runId").asText());
                }
                Database db = a.cmdb.database();
                QueueAcrossServersTest.awaitFinal(db, ids.size());
                Map<String, Long> byServer = QueueAcrossServersTest.count(
                        db, "SELECT claimed_by, COUNT(*) FROM run_queue GROUP BY claimed_by");
                for (String runId : ids) {
                    String ranOn = new RunQueue(db, Json.newMapper(), java.time.Clock.systemUTC())
                            .find(runId)
                            .orElseThrow()
                            .server();
                    assertTrue(
                            Files.isRegularFile(
                                    shared.resolve(ranOn).resolve(runId).resolve("run.json")),
                            runId + " is in the folder of " + ranOn + ", which ran it (" + byServer + ")");
                    String other = ranOn.equals("a") ? "b" : "a";
                    assertFalse(Files.exists(shared.resolve(other).resolve(runId)), "only " + ranOn + " wrote it");
                    assertFalse(Files.exists(a.data.resolve("evidence").resolve(runId)), "not in a data folder");
                    assertFalse(Files.exists(b.data.resolve("evidence").resolve(runId)), "not in a data folder");
                    assertReadable(ranOn.equals("a") ? b : a, runId);
                    assertReadable(ranOn.equals("a") ? a : b, runId);
                }
                // a cell across the runbook's versions counts the runs of both servers, through either
                for (TestServer via : List.of(a, b)) {
                    HttpResponse<String> versions = via.get("/api/runbooks/hello.md/cell-versions?cell=greet");
                    assertEquals(200, versions.statusCode(), versions.body());
                    var version = Json.MAPPER.readTree(versions.body()).path("versions");
                    assertEquals(1, version.size(), versions.body());
                    assertEquals(12, version.get(0).path("runs").asInt(), "runs on both servers: " + byServer);
                }
                // each server's folder holds its own chain, verified with the cluster's key
                for (String node : List.of("a", "b")) {
                    var verified = dev.tejun.kernel.evidence.EvidenceVerifier.verifyAll(
                            shared.resolve(node), ProofKey.load(a.data));
                    assertTrue(verified.ok(), node + ": " + verified.problems());
                }
            }
        }
    }

    @Test
    void follow_aRunGoingOnInTheOtherServer_itsOutputAsItComesNothingTwice() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.freshDatabase();
        Path shared = temp.resolve("shared");
        try (TestServer a = QueueAcrossServersTest.member(temp.resolve("a"), pg, url, yaml("a", shared))) {
            Path bData = temp.resolve("b").resolve("data");
            Files.createDirectories(bData);
            Files.copy(a.data.resolve(ProofKey.FILE), bData.resolve(ProofKey.FILE));
            try (TestServer b = QueueAcrossServersTest.member(temp.resolve("b"), pg, url, yaml("b", shared))) {
                String slow = "# Slow\n\n```sh {#first}\necho one\n```\n\n```sh {#second}\necho two; sleep 4;"
                        + " echo three\n```\n";
                a.write("slow.md", slow);
                b.write("slow.md", slow);
                HttpResponse<String> r = b.post("/api/runs", "{\"runbook\":\"slow.md\"}");
                assertEquals(201, r.statusCode(), r.body());
                String runId = Json.MAPPER.readTree(r.body()).path("runId").asText();
                RunQueue queue = new RunQueue(a.cmdb.database(), Json.newMapper(), java.time.Clock.systemUTC());
                dev.tejun.server.fixtures.Await.until(
                        () -> queue.find(runId).orElseThrow().state().equals(RunQueue.STARTED), "started");
                TestServer follower = queue.find(runId).orElseThrow().server().equals("a") ? b : a;

                long since = 0;
                List<Long> seqs = new ArrayList<>();
                StringBuilder seen = new StringBuilder();
                boolean twoBeforeTheEnd = false;
                List<String> pages = new ArrayList<>();
                JsonNode page;
                do {
                    HttpResponse<String> e = follower.get("/api/runs/" + runId + "/events?since=" + since + "&wait=2");
                    assertEquals(200, e.statusCode(), e.body());
                    page = Json.MAPPER.readTree(e.body());
                    pages.add(e.body().length() > 600 ? e.body().substring(0, 600) : e.body());
                    for (JsonNode ev : page.path("events")) {
                        seqs.add(ev.path("seq").asLong());
                        seen.append(ev.path("text").asText(""));
                    }
                    since = page.path("lastSeq").asLong();
                    if (!page.path("finished").asBoolean() && seen.toString().contains("two")) {
                        twoBeforeTheEnd = true;
                    }
                } while (!page.path("finished").asBoolean());
                assertTrue(
                        twoBeforeTheEnd,
                        "the cell's first line was read through the other server while it ran: " + pages);
                assertEquals("ok", page.path("status").asText(), page.toString());
                assertEquals("one\ntwo\nthree\n", seen.toString(), "every line once, in order");
                for (int i = 0; i < seqs.size(); i++) {
                    assertEquals(i + 1, seqs.get(i), "seqs without a gap or a repeat: " + seqs);
                }
            }
        }
    }

    @Test
    void kill9_theServerThatRanThem_itsRunsReadAndVerifiedThroughTheLivingOne_itsCutOffRunSealedThere()
            throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.freshDatabase();
        Path shared = temp.resolve("shared");
        Path childFolder = temp.resolve("c");
        QueueAcrossServersTest.Child c = QueueAcrossServersTest.child(childFolder, url, pg.user(), yaml("c", shared));
        try {
            QueueAcrossServersTest.Endpoint ce = c.endpoint();
            Files.writeString(childFolder.resolve("runbooks").resolve("hello.md"), runbook());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = post(ce, "/api/runs", "{\"runbook\":\"hello.md\"}");
                assertEquals(201, r.statusCode(), r.body());
                ids.add(Json.MAPPER.readTree(r.body()).path("runId").asText());
            }
            // and one going on when it dies, alone on the database so it runs there
            Files.writeString(
                    childFolder.resolve("runbooks").resolve("long.md"),
                    "# Long\n\n```sh {#wait}\necho before the end\nsleep 300\n```\n");
            HttpResponse<String> r = post(ce, "/api/runs", "{\"runbook\":\"long.md\"}");
            assertEquals(201, r.statusCode(), r.body());
            String cut = Json.MAPPER.readTree(r.body()).path("runId").asText();
            Path cutOutput = shared.resolve("c")
                    .resolve(cut)
                    .resolve("cells")
                    .resolve("01-wait")
                    .resolve("stdout.bin");
            dev.tejun.server.fixtures.Await.until(
                    () -> Files.isRegularFile(cutOutput)
                            && Files.readString(cutOutput).contains("before"),
                    "the long run wrote its first line");
            // the same key as the child's, so the living server verifies what the dead one sealed
            Path aData = temp.resolve("a").resolve("data");
            Files.createDirectories(aData);
            Files.copy(childFolder.resolve("data").resolve(ProofKey.FILE), aData.resolve(ProofKey.FILE));
            try (TestServer a = QueueAcrossServersTest.member(temp.resolve("a"), pg, url, yaml("a", shared))) {
                Database db = a.cmdb.database();
                RunQueue queue = new RunQueue(db, Json.newMapper(), java.time.Clock.systemUTC());
                dev.tejun.server.fixtures.Await.until(
                        () -> ids.stream()
                                .allMatch(id ->
                                        queue.find(id).orElseThrow().state().equals(RunQueue.DONE)),
                        "the three ran to their end");
                c.process().destroyForcibly().waitFor(); // SIGKILL: no clean stop, no goodbye
                for (String runId : ids) {
                    assertTrue(Files.isDirectory(shared.resolve("c").resolve(runId)), runId + " ran on c");
                    assertReadable(a, runId);
                }
                // the cut-off run: marked interrupted once c's lease passed; what it wrote is read through a
                dev.tejun.server.fixtures.Await.until(
                        () -> queue.find(cut).orElseThrow().state().equals(RunQueue.INTERRUPTED),
                        "the run of the dead server marked interrupted");
                HttpResponse<String> events = a.get("/api/runs/" + cut + "/events");
                assertEquals(200, events.statusCode(), events.body());
                JsonNode page = Json.MAPPER.readTree(events.body());
                assertTrue(page.path("finished").asBoolean(), events.body());
                assertEquals("interrupted", page.path("status").asText(), events.body());
                assertTrue(events.body().contains("before the end"), "its output up to the kill: " + events.body());

                // sealed by the living server in the dead one's folder and chain, without waiting for c to return
                Path cutDir = shared.resolve("c").resolve(cut);
                dev.tejun.server.fixtures.Await.until(
                        () -> Files.isRegularFile(cutDir.resolve(dev.tejun.kernel.evidence.Manifest.FILE)),
                        "the cut-off run sealed by the living server");
                assertEquals(
                        "INTERRUPTED",
                        Json.MAPPER
                                .readTree(cutDir.resolve("run.json").toFile())
                                .path("status")
                                .asText());
                dev.tejun.server.fixtures.Await.until(
                        () -> QueueAcrossServersTest.count(
                                                db,
                                                "SELECT status, COUNT(*) FROM runs WHERE manifest_sha256 IS NOT NULL"
                                                        + " AND run_id = '" + cut + "' GROUP BY status")
                                        .getOrDefault("INTERRUPTED", 0L)
                                == 1L,
                        "the run list says it was cut off, with its manifest");
                HttpResponse<String> sealed = a.get("/api/runs/" + cut + "/events");
                assertEquals(200, sealed.statusCode(), sealed.body());
                assertEquals(
                        "interrupted",
                        Json.MAPPER.readTree(sealed.body()).path("status").asText());
                assertTrue(sealed.body().contains("before the end"), "sealed with its output: " + sealed.body());
                HttpResponse<String> verify = a.get("/api/runs/" + cut + "/verify");
                assertEquals(200, verify.statusCode(), verify.body());
                assertTrue(Json.MAPPER.readTree(verify.body()).path("ok").asBoolean(), verify.body());
                var chain = dev.tejun.kernel.evidence.EvidenceVerifier.verifyAll(
                        shared.resolve("c"), ProofKey.load(a.data));
                assertTrue(chain.ok(), "c's chain, extended by a: " + chain.problems());
                assertEquals(
                        1L,
                        QueueAcrossServersTest.auditCount(db, "execution.end").get(cut),
                        "its end audited once");
                assertFalse(Files.exists(shared.resolve("a").resolve(cut)), "a wrote nothing of it in its own folder");
            }
        } finally {
            c.process().destroyForcibly();
        }
    }

    @Test
    void kill9_beforeItWroteTheRowOfItsRun_theLivingServerSealsTheRunAndWritesItsRow() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.freshDatabase();
        Path shared = temp.resolve("shared");
        Path childFolder = temp.resolve("c");
        QueueAcrossServersTest.Child c = QueueAcrossServersTest.child(childFolder, url, pg.user(), yaml("c", shared));
        try {
            QueueAcrossServersTest.Endpoint ce = c.endpoint();
            Files.writeString(
                    childFolder.resolve("runbooks").resolve("long.md"),
                    "# Long\n\n```sh {#wait}\necho before the end\nsleep 300\n```\n");
            HttpResponse<String> r = post(ce, "/api/runs", "{\"runbook\":\"long.md\"}");
            assertEquals(201, r.statusCode(), r.body());
            String cut = Json.MAPPER.readTree(r.body()).path("runId").asText();
            Path cutDir = shared.resolve("c").resolve(cut);
            Path cutOutput = cutDir.resolve("cells").resolve("01-wait").resolve("stdout.bin");
            dev.tejun.server.fixtures.Await.until(
                    () -> Files.isRegularFile(cutOutput)
                            && Files.readString(cutOutput).contains("before"),
                    "the long run wrote its first line");
            c.process().destroyForcibly().waitFor(); // SIGKILL
            // as if it died before its record of the start was written (that record is written after the run
            // begins, queued behind others): no row in the run list, and none in the run queue that would make one
            try (Database db = Database.open(
                    new dev.tejun.cmdb.db.DatabaseSettings(temp.resolve("forger"), url, pg.user(), null))) {
                db.write(x -> {
                    try (var st = x.createStatement()) {
                        st.executeUpdate("DELETE FROM runs WHERE run_id = '" + cut + "'");
                        st.executeUpdate("DELETE FROM run_queue WHERE run_id = '" + cut + "'");
                    }
                    return null;
                });
            }
            Path aData = temp.resolve("a").resolve("data");
            Files.createDirectories(aData);
            Files.copy(childFolder.resolve("data").resolve(ProofKey.FILE), aData.resolve(ProofKey.FILE));
            try (TestServer a = QueueAcrossServersTest.member(temp.resolve("a"), pg, url, yaml("a", shared))) {
                Database db = a.cmdb.database();
                dev.tejun.server.fixtures.Await.until(
                        () -> Files.isRegularFile(cutDir.resolve(dev.tejun.kernel.evidence.Manifest.FILE)),
                        "the cut-off run without a row sealed by the living server");
                dev.tejun.server.fixtures.Await.until(
                        () -> QueueAcrossServersTest.count(
                                                db,
                                                "SELECT status, COUNT(*) FROM runs WHERE manifest_sha256 IS NOT NULL"
                                                        + " AND run_id = '" + cut + "' GROUP BY status")
                                        .getOrDefault("INTERRUPTED", 0L)
                                == 1L,
                        "its row written from its evidence: cut off, with its manifest");
                HttpResponse<String> list = a.get("/api/runs");
                assertEquals(200, list.statusCode(), list.body());
                JsonNode row = null;
                for (JsonNode each : Json.MAPPER.readTree(list.body())) {
                    if (each.path("runId").asText().equals(cut)) {
                        row = each;
                    }
                }
                assertTrue(row != null, "in the run list: " + list.body());
                assertEquals("long.md", row.path("runbook").asText(), row.toString());
                HttpResponse<String> verify = a.get("/api/runs/" + cut + "/verify");
                assertEquals(200, verify.statusCode(), verify.body());
                assertTrue(Json.MAPPER.readTree(verify.body()).path("ok").asBoolean(), verify.body());
                assertEquals(
                        1L,
                        QueueAcrossServersTest.auditCount(db, "execution.end").get(cut),
                        "its end audited once");
            }
        } finally {
            c.process().destroyForcibly();
        }
    }

    @Test
    void start_sharedFolderWithoutNodeNameOrWithAnotherKey_refused() throws Exception {
        Path shared = temp.resolve("shared");
        var noName = QueueAcrossServersTest.settings("evidence.folder: " + shared + "\n");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EvidenceFolders.of(noName, temp.resolve("x"), ProofKey.open(temp.resolve("x"))));
        assertTrue(e.getMessage().contains("cluster.node-name"), e.getMessage());

        ProofKey first = ProofKey.open(temp.resolve("one"));
        EvidenceFolders one =
                EvidenceFolders.of(QueueAcrossServersTest.settings(yaml("one", shared)), temp.resolve("one"), first);
        assertEquals(shared.resolve("one").toAbsolutePath(), one.own());
        ProofKey other = ProofKey.open(temp.resolve("two"));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> EvidenceFolders.of(
                        QueueAcrossServersTest.settings(yaml("two", shared)), temp.resolve("two"), other));
        assertTrue(e.getMessage().contains(first.id()), e.getMessage());
        assertFalse(Files.exists(shared.resolve("two")), "a refused server makes no folder");

        e = assertThrows(
                IllegalArgumentException.class,
                () -> EvidenceFolders.of(
                        QueueAcrossServersTest.settings(yaml("../up", shared)), temp.resolve("one"), first));
        assertTrue(e.getMessage().contains("cannot name a folder"), e.getMessage());
    }

    /** Its events (with the cell's output), the output file, the report and the verification, through {@code via}. */
    static void assertReadable(TestServer via, String runId) throws Exception {
        HttpResponse<String> events = via.get("/api/runs/" + runId + "/events");
        assertEquals(200, events.statusCode(), events.body());
        JsonNode page = Json.MAPPER.readTree(events.body());
        assertEquals("ok", page.path("status").asText(), events.body());
        assertTrue(events.body().contains("shared hello"), "its output: " + events.body());
        HttpResponse<String> out = via.get("/api/runs/" + runId + "/cells/greet/stdout");
        assertEquals(200, out.statusCode(), out.body());
        assertEquals("shared hello\n", out.body());
        HttpResponse<String> report = via.get("/api/runs/" + runId + "/report.md");
        assertEquals(200, report.statusCode(), report.body());
        HttpResponse<String> verify = via.get("/api/runs/" + runId + "/verify");
        assertEquals(200, verify.statusCode(), verify.body());
        assertTrue(Json.MAPPER.readTree(verify.body()).path("ok").asBoolean(), verify.body());
    }

    private static HttpResponse<String> post(QueueAcrossServersTest.Endpoint e, String path, String json)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(e.baseUrl() + path))
                        .header("Authorization", "Bearer " + e.token())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String runbook() {
        return "# Hello\n\n```sh {#greet}\necho shared hello\n```\n";
    }
}

package dev.tejun.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.testing.TestPostgres;
import dev.tejun.server.Json;
import dev.tejun.server.fixtures.TestServer;
import dev.tejun.server.runs.queue.RunQueue;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate disks (the default: no {@code evidence.folder}, each server's evidence in its own data folder, each with
 * its own proof key): a run's events, output, report and verification asked through a server that did not execute
 * it are relayed to the one that did, with the caller's own token, and answered as that server answers them.
 */
class EvidenceRelayTest {

    @TempDir
    Path temp;

    @Test
    void read_aRunTheOtherServerRan_answeredByItThroughThisOne() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String url = pg.freshDatabase();
        try (TestServer a = QueueAcrossServersTest.member(temp.resolve("a"), pg, url, "cluster.node-name: a\n");
                TestServer b = QueueAcrossServersTest.member(temp.resolve("b"), pg, url, "cluster.node-name: b\n")) {
            a.write("hello.md", SharedEvidenceTest.runbook());
            b.write("hello.md", SharedEvidenceTest.runbook());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> r = (i % 2 == 0 ? a : b).post("/api/runs", "{\"runbook\":\"hello.md\"}");
                assertEquals(201, r.statusCode(), r.body());
                ids.add(Json.MAPPER.readTree(r.body()).path("runId").asText());
            }
            Database db = a.cmdb.database();
            QueueAcrossServersTest.awaitFinal(db, ids.size());
            RunQueue queue = new RunQueue(db, Json.newMapper(), java.time.Clock.systemUTC());
            for (String runId : ids) {
                boolean onA = queue.find(runId).orElseThrow().server().equals("a");
                TestServer ran = onA ? a : b;
                TestServer other = onA ? b : a;
                assertTrue(Files.isDirectory(ran.data.resolve("evidence").resolve(runId)), runId);
                assertFalse(Files.exists(other.data.resolve("evidence").resolve(runId)), "only on its own disk");
                SharedEvidenceTest.assertReadable(other, runId);
            }
        }
    }
}

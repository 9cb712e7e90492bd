package dev.tejun.server.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tejun.kernel.exec.sandbox.CellsUnsandboxed;
import dev.tejun.server.fixtures.TestServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(CellsUnsandboxed.class) // its cells leave marker files in the test's temp folder
class SchedulesApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private TestServer ts;
    private HttpServer hook;

    @AfterEach
    void close() {
        if (ts != null) {
            ts.close();
        }
        if (hook != null) {
            hook.stop(0);
        }
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return ts.post(path, json);
    }

    private JsonNode schedule(String id) throws Exception {
        for (JsonNode s : JSON.readTree(ts.get("/api/schedules").body()).get("schedules")) {
            if (s.get("id").asText().equals(id)) {
                return s;
            }
        }
        return null;
    }

    /** Polls the schedule's history until a run succeeded; bounded, a real-clock test. */
    private JsonNode awaitOkRun(String id) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            for (JsonNode run : JSON.readTree(
                            ts.get("/api/schedules/" + id + "/runs").body())
                    .get("runs")) {
                if (run.get("status").asText().equals("ok")) {
                    return run;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("schedule " + id + " did not run within 30 s: "
                + ts.get("/api/schedules").body());
    }

    @Test
    void frontMatterEverySecond_realClock_runsAndShowsLastRun() throws Exception {
        ts = new TestServer(tmp);
        Path marker = tmp.resolve("marker");
        ts.write("ops/tick.md", """
                ---
                params:
                  word: { default: none }
                schedule: "* * * ? * *"
                schedule-params: { word: scheduled }
                ---
                ```sh
                echo ${params.word} >> %s
                ```
                """.formatted(marker));
        assertEquals(200, post("/api/schedules/file:ops/tick.md/activate", "").statusCode());
        JsonNode ok = awaitOkRun("file:ops/tick.md");
        assertTrue(Files.readString(marker).startsWith("scheduled\n"));
        JsonNode listed = schedule("file:ops/tick.md");
        assertNotNull(listed.get("lastRun"));
        assertTrue(listed.get("nextRun").asText().matches("\\d{4}-.*"), listed.toString());
        String run = ts.get("/api/runs/" + ok.get("runId").asText()).body();
        assertTrue(
                run.contains("\"scheduler\"") && run.contains("\"tester\""),
                run); // normal evidence, as who activated it
    }

    @Test
    void POST_schedules_badCron_400WithCronUtilsReason() throws Exception {
        ts = new TestServer(tmp);
        ts.write("a.md", "# a\n");
        HttpResponse<String> r = post("/api/schedules", "{\"target\":\"a.md\",\"cron\":\"0 25 * * *\"}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("25"), r.body());
        assertTrue(
                JSON.readTree(ts.get("/api/schedules").body()).get("schedules").isEmpty());
    }

    @Test
    void POST_schedules_failingRun_postsWebhook() throws Exception {
        BlockingQueue<String> posted = new ArrayBlockingQueue<>(10);
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        ts = new TestServer(tmp);
        ts.write("fail.md", "```sh\nexit 3\n```\n");
        HttpResponse<String> r =
                post("/api/schedules", """
                {"target":"fail.md","cron":"* * * ? * *","timezone":"Asia/Tokyo","misfire":"run-once",
                 "webhook":"http://127.0.0.1:%d/hook"}""".formatted(hook.getAddress().getPort()));
        assertEquals(201, r.statusCode(), r.body());
        JsonNode created = JSON.readTree(r.body());
        assertEquals("api", created.get("origin").asText());
        assertEquals("Asia/Tokyo", created.get("timezone").asText());
        String body = posted.poll(20, TimeUnit.SECONDS);
        assertNotNull(body, "no webhook POST within 20 s");
        JsonNode failure = JSON.readTree(body);
        assertEquals(created.get("id").asText(), failure.get("schedule").asText());
        assertEquals("failed", failure.get("status").asText());
        assertEquals("fail.md", failure.get("target").asText());
        HttpResponse<String> del =
                ts.as(ts.token, "DELETE", "/api/schedules/" + created.get("id").asText(), null);
        assertEquals(204, del.statusCode());
        assertEquals(null, schedule(created.get("id").asText()));
    }
}

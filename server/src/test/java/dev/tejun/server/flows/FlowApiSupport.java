package dev.tejun.server.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Small helpers for the flow API tests: JSON answers, and waiting for an instance over REST. */
final class FlowApiSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    private FlowApiSupport() {}

    static JsonNode json(HttpResponse<String> r, int status) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** Polls {@code GET /api/flow-instances/ID} until {@code condition}; fails after 30 s. */
    static JsonNode until(TestServer ts, String id, Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode fi = null;
        while (System.nanoTime() < deadline) {
            fi = json(ts.get("/api/flow-instances/" + id), 200);
            if (condition.test(fi)) {
                return fi;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("instance " + id + " never got " + what + ": " + fi);
    }

    static JsonNode node(JsonNode fi, String nodeId) {
        for (JsonNode n : fi.get("nodes")) {
            if (n.get("nodeId").asText().equals(nodeId)) {
                return n;
            }
        }
        throw new AssertionError("no node " + nodeId + " in " + fi);
    }
}

package dev.tejun.server.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.flow.HeadlessFlowRun;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tejun run --server URL X.flow.yaml -p …}: starts the flow on the server ({@code POST /api/flows/{name}/start})
 * and follows the instance ({@code GET /api/flow-instances/{id}}, read every {@link #POLL}) until it ends, printing
 * each node as it changes, as the local flow run does. Exit codes are the local flow run's
 * ({@link HeadlessFlowRun}): 0 ok or warning, 1 failed, stopped or interrupted, 2 bad input, 3 left waiting for an
 * approval (the instance stays paused on the server, for someone to approve there). Ctrl-C stops the instance
 * (emergency stop), as it does locally.
 */
final class RemoteFlow {

    static final Duration POLL = Duration.ofMillis(500);
    private static final List<String> ENDED = List.of("ok", "warning", "failed", "stopped", "interrupted");

    private final ServerClient client;
    private final PrintStream out;

    RemoteFlow(ServerClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    int run(String flow, Map<String, String> params) throws RemoteFailure, InterruptedException {
        JsonNode started = client.post("/api/flows/" + segments(flow) + "/start", Map.of("params", params));
        String id = started.path("id").asText();
        out.println("flow " + flow + " (" + id + ") started on " + client.server());
        String path = "/api/flow-instances/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        Thread stopOnCtrlC = new Thread(() -> {
            try {
                client.post(path + "/emergency-stop", null);
            } catch (Exception e) {
                // on the way out after Ctrl-C: the instance may have ended already
            }
        });
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        try {
            JsonNode fi = follow(path);
            String status = fi.path("status").asText();
            String message =
                    fi.path("message").isTextual() ? " — " + fi.path("message").asText() : "";
            out.println("flow " + flow + " (" + id + "): " + status + message);
            if (!ENDED.contains(status)) {
                out.println("it waits for an approval on " + client.server() + " (nodes " + fi.path("paused")
                        + "): approve or reject it there");
                return HeadlessFlowRun.PAUSED;
            }
            return status.equals("ok") || status.equals("warning") ? HeadlessFlowRun.OK : HeadlessFlowRun.FAILED;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: Ctrl-C
            }
        }
    }

    /** Reads the instance until it ended or waits only for an approval; prints each node that changed. */
    private JsonNode follow(String path) throws RemoteFailure, InterruptedException {
        Map<String, String> seen = new HashMap<>();
        while (true) {
            JsonNode fi = client.poll(path, Duration.ofSeconds(30));
            for (JsonNode n : fi.path("nodes")) {
                String status = n.path("status").asText();
                String node = n.path("nodeId").asText();
                if (!status.equals("pending") && !status.equals(seen.put(node, status))) {
                    out.println("  " + node + ": " + status
                            + (n.path("runId").isTextual()
                                    ? " (run " + n.path("runId").asText() + ")"
                                    : "")
                            + (n.path("message").isTextual()
                                    ? " — " + n.path("message").asText()
                                    : ""));
                }
            }
            String status = fi.path("status").asText();
            if (ENDED.contains(status) || status.equals("paused") && waitsForApprovalOnly(fi)) {
                return fi;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** As the local flow run: a pause with a timeout goes on by itself, one without waits for a person. */
    private static boolean waitsForApprovalOnly(JsonNode fi) {
        for (JsonNode n : fi.path("nodes")) {
            if (n.path("status").asText().equals("paused") && n.path("deadline").isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String segments(String name) {
        StringBuilder b = new StringBuilder();
        for (String part : name.split("/", -1)) {
            b.append(b.isEmpty() ? "" : "/")
                    .append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }
}

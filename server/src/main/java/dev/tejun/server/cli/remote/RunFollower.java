package dev.tejun.server.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.event.Event;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Reads a run's events by long-poll ({@code GET /api/runs/{id}/events?since=N&wait=S}) and hands them on in order.
 * A dropped connection is tried again a few times, from the last seq seen, so nothing is printed twice.
 */
final class RunFollower {

    /** Seconds the server may hold a poll open. */
    static final int WAIT_SECONDS = 15;

    private final ServerClient client;

    RunFollower(ServerClient client) {
        this.client = client;
    }

    /**
     * Passes the run's events to {@code sink} from the start. With {@code follow} it returns when the run ended;
     * without, when the events so far are passed on. Returns the run's final status, or null while it goes on.
     */
    String read(String runId, Consumer<Event> sink, boolean follow) throws RemoteFailure, InterruptedException {
        String path = "/api/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "/events";
        long since = 0;
        while (true) {
            JsonNode page = client.poll(
                    path + "?since=" + since + "&wait=" + (follow ? WAIT_SECONDS : 0),
                    Duration.ofSeconds(WAIT_SECONDS + 30));
            JsonNode events = page.path("events");
            for (JsonNode e : events) {
                WireDecoder.decode(e).ifPresent(sink);
            }
            since = page.path("lastSeq").asLong(since);
            if (page.path("finished").asBoolean()) {
                return page.path("status").asText("failed");
            }
            if (!follow && events.isEmpty()) {
                return null;
            }
        }
    }
}

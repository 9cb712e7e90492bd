package dev.tejun.server.schedules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.schedule.FailureNotifier;
import dev.tejun.kernel.schedule.RunResult;
import dev.tejun.kernel.schedule.ScheduleDef;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a failed scheduled run to the schedule's webhook as JSON (see docs/protocol.md, "Schedule failure
 * webhook"). Fire and forget with a timeout: a dead receiver must not hold up the scheduler.
 */
public final class WebhookNotifier implements FailureNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    /** The body of the POST. */
    public record Failure(
            String schedule,
            String target,
            Instant fireTime,
            String status,
            String runId,
            String evidence,
            String message) {}

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json;

    public WebhookNotifier(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void failed(ScheduleDef schedule, Instant fireTime, RunResult result) {
        if (schedule.webhook() == null) {
            return;
        }
        Failure body = new Failure(
                schedule.id(),
                schedule.target().name(),
                fireTime,
                result.status(),
                result.runId(),
                result.evidence(),
                result.message());
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(schedule.webhook()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() >= 300) {
                    LOG.warn(
                            "webhook for schedule {} failed: {}",
                            schedule.id(),
                            e != null ? e.toString() : "HTTP " + r.statusCode());
                }
            });
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warn("webhook for schedule {} not sent: {}", schedule.id(), e.toString());
        }
    }
}

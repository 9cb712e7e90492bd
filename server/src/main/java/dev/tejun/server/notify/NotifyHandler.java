package dev.tejun.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.ApiException;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.auth.Access;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/notifications/...} (admins): the configured channels and the events, subscriptions to add, list and
 * remove, and the newest deliveries with their outcome. Changes are audited as every request that changes state is.
 */
public final class NotifyHandler {

    /** The body of {@code POST /api/notifications/subscriptions}; {@code events} empty: every event but run.ok. */
    public record SubscribeRequest(String scope, String target, List<String> events, String channel, String address) {}

    private final Notifier notifier;
    private final ObjectMapper json;
    private final java.time.Clock clock;

    public NotifyHandler(Notifier notifier, ObjectMapper json, java.time.Clock clock) {
        this.notifier = notifier;
        this.json = json;
        this.clock = clock;
    }

    public void channels(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(
                "channels",
                notifier.channels().stream()
                        .map(c -> Map.of("name", c, "needsAddress", notifier.needsAddress(c)))
                        .toList());
        out.put(
                "events",
                Arrays.stream(Notice.Kind.values()).map(Notice.Kind::wire).toList());
        out.put(
                "defaultEvents",
                Notice.Kind.byDefault().stream().map(Notice.Kind::wire).toList());
        ctx.json(out);
    }

    public void subscriptions(Context ctx) {
        ctx.json(Map.of("subscriptions", notifier.subscriptions().list()));
    }

    public void subscribe(Context ctx) {
        SubscribeRequest req = RequestBodies.read(ctx, json, SubscribeRequest.class);
        Subscriptions.Subscription s;
        try {
            Subscriptions.Scope scope = Subscriptions.Scope.of(String.valueOf(req.scope()));
            String target = req.target() == null ? "" : req.target().strip();
            if (scope != Subscriptions.Scope.ALL && target.isEmpty()) {
                throw new IllegalArgumentException("target is missing: the " + scope.wire() + " to be told about");
            }
            List<Notice.Kind> events = req.events() == null || req.events().isEmpty()
                    ? Notice.Kind.byDefault()
                    : req.events().stream().map(Notice.Kind::of).distinct().toList();
            String channel = String.valueOf(req.channel());
            String address = req.address() == null || req.address().isBlank()
                    ? null
                    : req.address().strip();
            if (notifier.needsAddress(channel) && (address == null || !address.matches("[^@\\s,]+@[^@\\s,]+"))) {
                throw new IllegalArgumentException("address is missing or not one mail address (name@example.com)");
            }
            if (!notifier.needsAddress(channel) && address != null) {
                throw new IllegalArgumentException("channel " + channel + " takes no address: it posts to its URL");
            }
            s = notifier.subscriptions()
                    .add(
                            scope,
                            scope == Subscriptions.Scope.ALL ? "*" : target,
                            events,
                            channel,
                            address,
                            Access.userName(ctx),
                            clock.instant());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        ctx.status(201).json(s);
    }

    public void unsubscribe(Context ctx) {
        if (!notifier.subscriptions().remove(ctx.pathParam("id"))) {
            throw ApiException.notFound("no subscription " + ctx.pathParam("id"));
        }
        ctx.status(204);
    }

    public void deliveries(Context ctx) {
        String limit = ctx.queryParam("limit");
        int n;
        try {
            n = limit == null ? 100 : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be a number, not '" + limit + "'");
        }
        ctx.json(Map.of("deliveries", notifier.deliveries().recent(Math.clamp(n, 1, 1000))));
    }
}

package dev.tejun.server.events.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.secret.SecretBox;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.alert.AlertEvent;
import dev.tejun.kernel.alert.Fingerprint;
import dev.tejun.kernel.alert.MalformedEvent;
import dev.tejun.kernel.alert.source.Delivery;
import dev.tejun.kernel.alert.source.SourceFormat;
import dev.tejun.server.ApiException;
import dev.tejun.server.Json;
import dev.tejun.server.RequestBodies;
import dev.tejun.server.audit.AuditLog;
import dev.tejun.server.auth.Access;
import dev.tejun.server.auth.Principal;
import dev.tejun.server.events.EventService;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The sources' routes: an admin creates ({@code POST /api/event-sources}, the secret answered once), lists and deletes
 * them; a source posts to {@code POST /api/events/in/NAME} with its own credential, and its events go to the same
 * {@link EventService} as {@code POST /api/events}. A post without the right credential, or for no such source, is
 * answered 401 alike (which sources exist is not told) and audited with the reason.
 */
public final class EventSources {
    /** How much of a too-large body is still read through (and thrown away) before the 413 is sent. */
    private static final long DRAIN = 4L * RefusalThrottle.MAX_BODY;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern REF = Pattern.compile("(labels|annotations|fields)\\..+|status|source");

    private final SourceStore store;
    private final EventService events;
    private final AuditLog audit;
    private final Clock clock;
    private final ObjectMapper json;
    private final RefusalThrottle refusals;

    public EventSources(Database db, ObjectMapper json, EventService events, AuditLog audit, Clock clock) {
        this.store = new SourceStore(db, json, new SecretBox(db.file().resolveSibling(CmdbStore.KEY_FILE)));
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
        this.refusals = new RefusalThrottle(audit, clock);
    }

    public void list(Context ctx) {
        ctx.json(Map.of("sources", store.list()));
    }

    public void create(Context ctx) {
        JsonNode body = RequestBodies.read(ctx, json, JsonNode.class);
        Principal who = Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        EventSource source = parse(body, who.name());
        String secret = Credentials.newSecret();
        if (!store.create(source, secret)) {
            throw new ApiException(409, "a source named " + source.name() + " exists already");
        }
        Access.markAudited(ctx);
        audit.append(
                who.name(),
                who.via(),
                "event-source.create",
                source.name(),
                "ok",
                ctx.ip(),
                Json.quoted(Map.of("format", source.format(), "auth", source.auth())));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", source);
        out.put("endpoint", source.endpoint());
        out.put("secret", secret);
        ctx.status(201).json(out);
    }

    public void delete(Context ctx) {
        String name = ctx.pathParam("name");
        Principal who = Access.principal(ctx).orElseThrow(() -> new ApiException(401, "sign in first"));
        if (!store.delete(name)) {
            throw ApiException.notFound("no event source " + name);
        }
        Access.markAudited(ctx);
        audit.append(who.name(), who.via(), "event-source.delete", name, "ok", ctx.ip(), null);
        ctx.status(204);
    }

    /**
     * A source's post: its size, its credential, then its format, then the rules, as POST /api/events does. Refusals
     * go through the {@link RefusalThrottle}: audited one by one for a small burst per client address, then 429.
     */
    public void receive(Context ctx) {
        Access.markAudited(ctx); // each event is in the event ledger; refusals are audited below
        refusals.flush();
        String name = ctx.pathParam("name");
        byte[] body = body(ctx);
        SourceStore.Stored stored = body == null ? null : store.find(name).orElse(null);
        String refusal = body == null
                ? "the body is larger than " + RefusalThrottle.MAX_BODY + " bytes"
                : stored == null
                        ? "no such source"
                        : Credentials.refusal(
                                stored,
                                ctx.header("Authorization"),
                                ctx.header(Credentials.SIGNATURE),
                                ctx.header(Credentials.TIMESTAMP),
                                body,
                                clock.instant());
        if (refusal != null) {
            RefusalThrottle.Answer answer =
                    refusals.refused(ctx.ip(), "POST /api/events/in/" + name, body == null ? 413 : 401, refusal);
            if (answer.status() == 429) {
                ctx.header("Retry-After", String.valueOf(answer.retryAfterSeconds()));
                throw new ApiException(429, "too many refused posts from this address; try again later");
            }
            if (body == null) {
                throw new ApiException(413, refusal);
            }
            if (stored != null && stored.source().auth().equals("basic")) {
                ctx.header("WWW-Authenticate", "Basic realm=\"tejun events\"");
            }
            throw new ApiException(401, "this source's credential is missing or wrong");
        }
        EventSource source = stored.source();
        List<AlertEvent> read;
        try {
            read = SourceFormat.of(source.format(), source.mapping())
                    .read(new Delivery(body, ctx.contentType(), headers(ctx)));
        } catch (MalformedEvent e) {
            throw ApiException.badRequest(e.getMessage());
        }
        List<AlertEvent> named = new ArrayList<>();
        for (AlertEvent e : read) {
            // the source's name is what rules and the ledger see, whatever the payload called itself
            AlertEvent renamed = new AlertEvent(name, e.status(), e.labels(), e.annotations(), e.fields());
            named.add(Fingerprint.keyed(renamed, source.key()));
        }
        ctx.status(202).json(Map.of("events", events.receive(named, ctx.ip())));
    }

    /**
     * The body, or null when it is larger than {@link RefusalThrottle#MAX_BODY}: read here rather than by Javalin,
     * whose limit answers 413 and logs a warning for each such post before the throttle could count it. A body up to
     * {@link #DRAIN} bytes is read through even when too large, so the client gets its 413 instead of a connection
     * reset while it is still sending; a larger one is not read (the connection closes after the answer).
     */
    private static byte[] body(Context ctx) {
        if (ctx.req().getContentLengthLong() > DRAIN) {
            return null;
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] read = in.readNBytes(RefusalThrottle.MAX_BODY + 1);
            if (read.length <= RefusalThrottle.MAX_BODY) {
                return read;
            }
            byte[] discard = new byte[8192];
            long left = DRAIN - read.length;
            int n;
            while (left > 0 && (n = in.read(discard, 0, (int) Math.min(discard.length, left))) > 0) {
                left -= n;
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> headers(Context ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        ctx.headerMap().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Authorization")) {
                out.put(k, v);
            }
        });
        return out;
    }

    private EventSource parse(JsonNode body, String by) {
        List<String> problems = new ArrayList<>();
        String name = body.path("name").asText("");
        if (!NAME.matcher(name).matches()) {
            problems.add("name must be 1-63 lower-case letters, digits, - or _ (it is part of the endpoint's path)");
        }
        String format = body.path("format").asText("");
        JsonNode mapping = body.get("mapping");
        try {
            SourceFormat.of(format, mapping);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        String auth = body.path("auth").asText("bearer");
        if (!EventSource.AUTHS.contains(auth)) {
            problems.add("auth must be one of " + EventSource.AUTHS);
        }
        String username = body.hasNonNull("username") ? body.get("username").asText() : null;
        if (auth.equals("basic") && (username == null || username.isBlank() || username.contains(":"))) {
            problems.add("auth basic needs a username (without ':')");
        }
        if (!auth.equals("basic") && username != null) {
            problems.add("a username is only for auth basic");
        }
        List<String> key = new ArrayList<>();
        JsonNode k = body.get("key");
        if (k != null && !k.isArray()) {
            problems.add("key must be a list of fields such as labels.host");
        } else if (k != null) {
            k.forEach(r -> {
                if (!REF.matcher(r.asText()).matches()) {
                    problems.add(
                            "key: '" + r.asText() + "' is not labels.X, annotations.X, fields.X, status or source");
                }
                key.add(r.asText());
            });
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", problems));
        }
        return new EventSource(
                name,
                format,
                mapping == null || mapping.isNull() ? null : mapping,
                key,
                auth,
                username,
                by,
                clock.instant());
    }
}

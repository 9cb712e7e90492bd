package dev.tejun.server.relay;

import dev.tejun.cmdb.db.Database;
import dev.tejun.kernel.evidence.RunIds;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads of a run's evidence that another server holds, on separate disks (no {@code evidence.folder}; docs/cluster.md
 * §5): the server asked finds the server that executed the run (its queue row's {@code claimed_by}, else its run
 * index row's {@code server_name}), and when that server is alive relays the request to its address with the
 * caller's own credentials (a token or a sign-in cookie is valid on every server of one database, so the owner
 * checks the roles as for any request) and streams the answer back. A relayed request carries
 * {@link #FORWARDED}, so it is never relayed twice. A run of a dead server is answered here as before: its status
 * from the database, its output with its disk (or from a shared evidence folder). An owner whose HTTPS certificate
 * this server does not trust is a misconfiguration: answered 502 naming it ({@link UntrustedPeer}).
 */
public final class EvidenceRelay {

    /** Marks a request relayed from another server (its name). */
    public static final String FORWARDED = "X-Tejun-Forwarded-By";

    /** Request headers the owner needs to answer as this server would. */
    private static final List<String> ASKED = List.of("Authorization", "Cookie", "Accept", "Accept-Language", "Range");
    /** Answer headers passed back. */
    private static final List<String> ANSWERED =
            List.of("Content-Type", "Content-Disposition", "Content-Range", "Accept-Ranges");

    private final Database db;
    private final String self;
    private final Predicate<String> here;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** {@code here}: whether this server can answer for a run itself (its evidence is here, or it runs it). */
    public EvidenceRelay(Database db, String self, Predicate<String> here) {
        this.db = db;
        this.self = self;
        this.here = here;
    }

    /** {@code handler}, unless the run its path names is another living server's: then that server answers. */
    public Handler owned(Handler handler) {
        return ctx -> {
            if (!relayed(ctx)) {
                handler.handle(ctx);
            }
        };
    }

    private boolean relayed(Context ctx) throws IOException, InterruptedException {
        String runId = ctx.pathParamMap().get("runId");
        if (runId == null || !RunIds.isRunId(runId) || ctx.header(FORWARDED) != null || here.test(runId)) {
            return false;
        }
        Optional<Owner> owner = owner(runId);
        if (owner.isEmpty()) {
            return false;
        }
        String address = owner.get().address();
        String query = ctx.queryString();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(address + ctx.path() + (query == null ? "" : "?" + query)))
                .timeout(Duration.ofMinutes(5))
                .header(FORWARDED, self)
                .GET();
        for (String h : ASKED) {
            String v = ctx.header(h);
            if (v != null) {
                request.header(h, v);
            }
        }
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            if (UntrustedPeer.in(e).isPresent()) {
                throw UntrustedPeer.refusal(
                        owner.get().name(), address, UntrustedPeer.in(e).get());
            }
            return false; // the owner went away meanwhile: answered here from the database
        }
        ctx.status(answer.statusCode());
        for (String h : ANSWERED) {
            answer.headers().firstValue(h).ifPresent(v -> ctx.header(h, v));
        }
        ctx.result(answer.body());
        return true;
    }

    private record Owner(String name, String address) {}

    /** The living server that executed {@code runId}, when that is another server. */
    private Optional<Owner> owner(String runId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT s.address, s.lease_until, s.name FROM servers s
                    WHERE s.name <> ? AND s.name = COALESCE(
                      (SELECT q.claimed_by FROM run_queue q WHERE q.run_id = ?),
                      (SELECT r.server_name FROM runs r WHERE r.run_id = ?))""")) {
                ps.setString(1, self);
                ps.setString(2, runId);
                ps.setString(3, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Owner>empty();
                    }
                    String address = rs.getString(1);
                    boolean alive = Instant.parse(rs.getString(2)).isAfter(Instant.now());
                    return alive && address != null && !address.isBlank()
                            ? Optional.of(new Owner(rs.getString(3), address.replaceAll("/+$", "")))
                            : Optional.<Owner>empty();
                }
            }
        });
    }
}

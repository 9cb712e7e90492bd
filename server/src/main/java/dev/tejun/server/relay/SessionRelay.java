package dev.tejun.server.relay;

import dev.tejun.cmdb.db.Database;
import dev.tejun.server.ApiException;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Notebook sessions on several servers (docs/cluster.md §4): a runbook's session lives on one server, the first one a
 * socket for it reached ({@code notebook_sessions}). A socket that reaches another server is relayed there: this
 * server checked the handshake and the sign-in, then opens the owner's {@code /ws/session} with the caller's own
 * credentials (valid on every server of one database; the owner checks the roles of every message) and carries the
 * messages both ways ({@link RelayedSocket}). A relayed handshake carries {@link EvidenceRelay#FORWARDED} and is never
 * relayed again. Only a server whose lease holds is relayed to; the session of a server whose lease passed, or that
 * left, is taken by the next server a socket reaches (a new session: what ran there stays in its evidence).
 */
public final class SessionRelay {

    /** What is passed on to the owner: the caller's credentials and language. */
    private static final List<String> ASKED = List.of("Authorization", "Cookie", "Accept-Language");

    private final Database db;
    private final String self;
    private final Duration lease;
    private final RelayKey key;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SessionRelay(Database db, String self, Duration lease) {
        this.db = db;
        this.self = self;
        this.lease = lease;
        this.key = RelayKey.of(db);
    }

    /**
     * The client's own address that the relaying server signed into the handshake of {@code ctx}, or null when it
     * carries none this cluster signed (then the peer's address is the client's).
     */
    public String relayedClient(Context ctx) {
        return ctx.header(EvidenceRelay.FORWARDED) == null
                ? null
                : key.address(ctx.header(RelayKey.HEADER), Instant.now());
    }

    /**
     * Where the socket of {@code ctx} for {@code runbook} goes: null when this server holds (or just took) the session,
     * else a socket already open to the owner. Throws a refusal the caller answers the handshake with: the owner
     * refused it (its status and words), or the owner does not answer while its lease holds (503).
     */
    public RelayedSocket route(Context ctx, String runbook) {
        Owner owner = owner(runbook);
        if (owner == null) {
            return null;
        }
        if (ctx.header(EvidenceRelay.FORWARDED) != null) {
            throw new ApiException(
                    409, "the notebook session of " + runbook + " moved to server " + owner.name + "; connect again");
        }
        return connect(ctx, runbook, owner);
    }

    /** Gives up this server's sessions, so the next socket takes them elsewhere at once (a clean stop). */
    public void release() {
        try {
            db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM notebook_sessions WHERE owner = ?")) {
                    ps.setString(1, self);
                    return ps.executeUpdate();
                }
            });
        } catch (RuntimeException e) {
            // the database is going away too: the lease passes and the rows are taken over then
        }
    }

    private record Owner(String name, String address) {}

    /** The other living server holding {@code runbook}'s session, or null when it is (now) this one's. */
    private Owner owner(String runbook) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO notebook_sessions (runbook, owner, opened_at) VALUES (?, ?, ?)
                    ON CONFLICT (runbook) DO NOTHING""")) {
                ps.setString(1, runbook);
                ps.setString(2, self);
                ps.setLong(3, System.currentTimeMillis());
                ps.executeUpdate();
            }
            for (int tries = 0; tries < 3; tries++) {
                String name;
                String address;
                String leaseUntil;
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT n.owner, s.address, s.lease_until FROM notebook_sessions n
                        LEFT JOIN servers s ON s.name = n.owner WHERE n.runbook = ?""")) {
                    ps.setString(1, runbook);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return null; // released meanwhile: opened here, the row comes with the next socket
                        }
                        name = rs.getString(1);
                        address = rs.getString(2);
                        leaseUntil = rs.getString(3);
                    }
                }
                if (name.equals(self)) {
                    return null;
                }
                boolean alive = leaseUntil != null
                        && Instant.parse(leaseUntil).isAfter(Instant.now())
                        && address != null
                        && !address.isBlank();
                if (alive) {
                    return new Owner(name, address.replaceAll("/+$", ""));
                }
                if (takeOver(c, runbook, name)) {
                    return null;
                }
                // another server took it first: look again at who holds it now
            }
            throw new ApiException(503, "the notebook session of " + runbook + " is changing servers; connect again");
        });
    }

    private boolean takeOver(Connection c, String runbook, String from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE notebook_sessions SET owner = ?, opened_at = ? WHERE runbook = ? AND owner = ?")) {
            ps.setString(1, self);
            ps.setLong(2, System.currentTimeMillis());
            ps.setString(3, runbook);
            ps.setString(4, from);
            return ps.executeUpdate() == 1;
        }
    }

    private RelayedSocket connect(Context ctx, String runbook, Owner owner) {
        URI uri = URI.create(owner.address.replaceFirst("^http", "ws") + "/ws/session?runbook="
                + URLEncoder.encode(runbook, StandardCharsets.UTF_8));
        WebSocket.Builder builder = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .header(EvidenceRelay.FORWARDED, self)
                // this server checked the browser's Origin; the owner sees a client that is no browser
                .header("X-Tejun-Client", "cli")
                // the browser's address as this server saw it, for the owner's audit log
                .header(RelayKey.HEADER, key.sign(ctx.ip(), Instant.now()));
        for (String h : ASKED) {
            String v = ctx.header(h);
            if (v != null) {
                builder.header(h, v);
            }
        }
        RelayedSocket relayed = new RelayedSocket(owner.name);
        try {
            relayed.upstream(builder.buildAsync(uri, relayed).get(10, TimeUnit.SECONDS));
            return relayed;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                int status = refused.getResponse().statusCode();
                Object body = refused.getResponse().body();
                throw new ApiException(
                        status >= 400 ? status : 502,
                        "refused by server " + owner.name + ", which holds this notebook session"
                                + (body == null ? "" : ": " + body));
            }
            if (UntrustedPeer.in(e).isPresent()) {
                throw UntrustedPeer.refusal(
                        owner.name, owner.address, UntrustedPeer.in(e).get());
            }
            throw unreachable(runbook, owner);
        } catch (TimeoutException e) {
            throw unreachable(runbook, owner);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(runbook, owner);
        }
    }

    private ApiException unreachable(String runbook, Owner owner) {
        return new ApiException(
                503,
                "server " + owner.name + ", which holds the notebook session of " + runbook
                        + ", does not answer; a new session starts on a living server once its lease has passed"
                        + " (within " + lease.toSeconds() + " s)");
    }
}

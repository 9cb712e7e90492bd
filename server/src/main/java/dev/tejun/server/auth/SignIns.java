package dev.tejun.server.auth;

import dev.tejun.cmdb.db.Database;
import dev.tejun.server.audit.ServerSchema;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Browser sign-in sessions, held in the database ({@code sign_ins}) so that every server sharing it accepts a cookie
 * any of them handed out, and a restart keeps everybody signed in (a rolling restart of one server of several must
 * not sign out the browsers it served). Ending a session, or all of a user's, deletes the rows: every server sees
 * that at the next request. Each session has an idle expiry (renewed on use), an absolute one, and its own CSRF
 * token. Only the SHA-256 of the cookie value is stored, as for API tokens.
 */
public final class SignIns {

    public static final Duration IDLE = Duration.ofHours(8);
    public static final Duration ABSOLUTE = Duration.ofHours(24);
    /**
     * How stale {@code last_used} may get before a request writes it again: one write per browser per minute, not
     * one per request, at the price of an idle expiry up to this much early.
     */
    static final Duration RENEW_AFTER = Duration.ofMinutes(1);

    /** One signed-in browser. */
    public record SignIn(String id, String user, String csrfToken, Instant createdAt, Instant lastUsed) {}

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SignIns(Database db, Clock clock) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
        this.clock = clock;
    }

    public SignIn create(String user) {
        Instant now = clock.instant();
        SignIn s = new SignIn(randomId(), user, randomId(), now, now);
        db.write(c -> {
            // the expired sessions of everybody go here, where a write is made anyway
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM sign_ins WHERE last_used < ? OR created_at < ?")) {
                ps.setLong(1, now.minus(IDLE).toEpochMilli());
                ps.setLong(2, now.minus(ABSOLUTE).toEpochMilli());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sign_ins"
                    + " (id_hash, user_name, csrf_token, created_at, last_used) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, TokenStore.hash(s.id()));
                ps.setString(2, user);
                ps.setString(3, s.csrfToken());
                ps.setLong(4, now.toEpochMilli());
                ps.setLong(5, now.toEpochMilli());
                return ps.executeUpdate();
            }
        });
        return s;
    }

    /** The live session with this id, its idle timer renewed; an expired one is dropped. */
    public Optional<SignIn> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        String hash = TokenStore.hash(id);
        Optional<SignIn> stored = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT user_name, csrf_token, created_at, last_used FROM sign_ins WHERE id_hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new SignIn(
                                    id,
                                    rs.getString(1),
                                    rs.getString(2),
                                    Instant.ofEpochMilli(rs.getLong(3)),
                                    Instant.ofEpochMilli(rs.getLong(4))))
                            : Optional.<SignIn>empty();
                }
            }
        });
        if (stored.isEmpty()) {
            return stored;
        }
        SignIn s = stored.get();
        Instant now = clock.instant();
        if (now.isAfter(s.lastUsed().plus(IDLE)) || now.isAfter(s.createdAt().plus(ABSOLUTE))) {
            delete("id_hash", hash);
            return Optional.empty();
        }
        if (now.isAfter(s.lastUsed().plus(RENEW_AFTER))) {
            db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE sign_ins SET last_used = ? WHERE id_hash = ?")) {
                    ps.setLong(1, now.toEpochMilli());
                    ps.setString(2, hash);
                    return ps.executeUpdate();
                }
            });
        }
        return Optional.of(new SignIn(s.id(), s.user(), s.csrfToken(), s.createdAt(), now));
    }

    public void end(String id) {
        if (id != null && !id.isEmpty()) {
            delete("id_hash", TokenStore.hash(id));
        }
    }

    /** Ends every session of a user (deleted, disabled, roles or password changed), on every server. */
    public void endAll(String user) {
        delete("user_name", user);
    }

    private void delete(String column, String value) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sign_ins WHERE " + column + " = ?")) {
                ps.setString(1, value);
                return ps.executeUpdate();
            }
        });
    }

    private String randomId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

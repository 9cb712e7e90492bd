package dev.tejun.server.auth;

import dev.tejun.cmdb.db.Database;
import dev.tejun.server.audit.ServerSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * API tokens for scripts, schedules and the CLI. A token is 32 random bytes shown once; only its SHA-256 is
 * stored (a slow hash buys nothing for a secret that cannot be guessed), so a copy of the database cannot be used
 * to sign in. A token may be made with a lifetime: after its expiry it signs nobody in, and a request that shows it
 * is refused with that reason (so a script's owner learns why).
 */
public final class TokenStore {

    static final String PREFIX = "tjn_";

    /** The longest lifetime a token may be made with, in days (ten years). */
    public static final int MAX_DAYS = 3650;

    /** A token as listed: never the token itself; {@code expiresAt} null: it does not expire. */
    public record TokenInfo(
            String id, String owner, String label, Instant createdAt, Instant revokedAt, Instant expiresAt) {}

    /** What a presented token is: live (with its owner), expired (with when), or unknown or revoked (neither). */
    public record Presented(Optional<String> owner, Optional<Instant> expiredAt) {}

    /** What creating a token answers: the only time the secret is seen. */
    public record NewToken(TokenInfo info, String token) {}

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TokenStore(Database db, Clock clock) {
        this.db = db;
        db.migrate(ServerSchema.SCHEMA);
        this.clock = clock;
    }

    /**
     * A new token of {@code owner}; {@code days}: its lifetime (1 to {@link #MAX_DAYS}), null for none.
     *
     * @throws IllegalArgumentException a label too long, a lifetime out of range
     */
    public NewToken create(String owner, String label, Integer days) {
        String clean = label == null || label.isBlank() ? "token" : label.strip();
        if (clean.length() > 200) {
            throw new IllegalArgumentException("a token label has at most 200 characters");
        }
        if (days != null && (days < 1 || days > MAX_DAYS)) {
            throw new IllegalArgumentException("a token lives 1 to " + MAX_DAYS + " days, not " + days);
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        Instant now = clock.instant();
        TokenInfo info = new TokenInfo(
                HexFormat.of().formatHex(idBytes),
                owner,
                clean,
                now,
                null,
                days == null ? null : now.plus(Duration.ofDays(days)));
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_tokens (id, owner, label, token_hash,"
                    + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, info.id());
                ps.setString(2, owner);
                ps.setString(3, clean);
                ps.setString(4, hash(token));
                ps.setString(5, info.createdAt().toString());
                ps.setString(
                        6, info.expiresAt() == null ? null : info.expiresAt().toString());
                return ps.executeUpdate();
            }
        });
        return new NewToken(info, token);
    }

    /** The owner of a live token (not revoked, not expired). */
    public Optional<String> owner(String token) {
        return present(token).owner();
    }

    /** What {@code token} is now: its owner when it is live, its expiry when that has passed. */
    public Presented present(String token) {
        Presented nobody = new Presented(Optional.empty(), Optional.empty());
        if (token == null || !token.startsWith(PREFIX)) {
            return nobody;
        }
        Instant now = clock.instant();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT owner, expires_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL")) {
                ps.setString(1, hash(token));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return nobody;
                    }
                    // compared as instants: ISO texts with and without fractions do not sort as time does
                    Instant expires = rs.getString(2) == null ? null : Instant.parse(rs.getString(2));
                    return expires != null && !now.isBefore(expires)
                            ? new Presented(Optional.empty(), Optional.of(expires))
                            : new Presented(Optional.of(rs.getString(1)), Optional.empty());
                }
            }
        });
    }

    /** Tokens of {@code owner}, or of everybody when null. */
    public List<TokenInfo> list(String owner) {
        return db.read(c -> {
            String sql = "SELECT id, owner, label, created_at, revoked_at, expires_at FROM api_tokens"
                    + (owner == null ? "" : " WHERE owner = ?") + " ORDER BY created_at";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (owner != null) {
                    ps.setString(1, owner);
                }
                List<TokenInfo> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TokenInfo(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                Instant.parse(rs.getString(4)),
                                instant(rs.getString(5)),
                                instant(rs.getString(6))));
                    }
                }
                return out;
            }
        });
    }

    public Optional<TokenInfo> find(String id) {
        return list(null).stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public void revoke(String id) {
        int n = db.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                ps.setString(1, clock.instant().toString());
                ps.setString(2, id);
                return ps.executeUpdate();
            }
        });
        if (n == 0) {
            throw new NoSuchElementException("no live token " + id);
        }
    }

    /** Revokes every token of a user (when the user is deleted). */
    public void revokeAll(String owner) {
        db.write(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE api_tokens SET revoked_at = ? WHERE owner = ? AND revoked_at IS NULL")) {
                ps.setString(1, clock.instant().toString());
                ps.setString(2, owner);
                return ps.executeUpdate();
            }
        });
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.tejun.server.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sign-in sessions, kept in memory: a server restart signs everybody out, which is the safe failure.
 * Each session has an idle expiry (renewed on use), an absolute one, and its own CSRF token.
 */
public final class SignIns {

    public static final Duration IDLE = Duration.ofHours(8);
    public static final Duration ABSOLUTE = Duration.ofHours(24);

    /** One signed-in browser. */
    public record SignIn(String id, String user, String csrfToken, Instant createdAt, Instant lastUsed) {}

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, SignIn> byId = new ConcurrentHashMap<>();

    public SignIns(Clock clock) {
        this.clock = clock;
    }

    public SignIn create(String user) {
        Instant now = clock.instant();
        SignIn s = new SignIn(randomId(), user, randomId(), now, now);
        byId.put(s.id(), s);
        return s;
    }

    /** The live session with this id, its idle timer renewed; an expired one is dropped. */
    public Optional<SignIn> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        SignIn s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (now.isAfter(s.lastUsed().plus(IDLE)) || now.isAfter(s.createdAt().plus(ABSOLUTE))) {
            byId.remove(id);
            return Optional.empty();
        }
        SignIn renewed = new SignIn(s.id(), s.user(), s.csrfToken(), s.createdAt(), now);
        byId.put(id, renewed);
        return Optional.of(renewed);
    }

    public void end(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    /** Ends every session of a user (deleted, roles or password changed). */
    public void endAll(String user) {
        byId.values().removeIf(s -> s.user().equals(user));
    }

    private String randomId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

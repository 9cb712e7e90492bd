package dev.tejun.server.sso;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-ins sent to the provider and not back yet, by their {@code state}. Each is bound to the browser that started
 * it by a random value in a cookie, so a code and state captured from someone else's sign-in (or a link an attacker
 * made from their own) do not sign another browser in; each is used once and forgotten after 10 minutes.
 */
final class PendingSignIns<T> {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    /** Starting a sign-in needs no account: the map must not grow without bound. */
    static final int MAX = 10_000;

    record Pending<T>(String binding, T value, Instant createdAt) {}

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending<T>> byState = new ConcurrentHashMap<>();

    PendingSignIns(Clock clock) {
        this.clock = clock;
    }

    /** Remembers a started sign-in and returns the browser binding to set as a cookie; null when too many wait. */
    String add(String state, T value) {
        Instant now = clock.instant();
        byState.values().removeIf(p -> now.isAfter(p.createdAt().plus(LIFETIME)));
        if (byState.size() >= MAX) {
            return null;
        }
        byte[] b = new byte[32];
        random.nextBytes(b);
        String binding = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        byState.put(state, new Pending<>(binding, value, now));
        return binding;
    }

    /**
     * The sign-in started with {@code state} by the browser holding {@code binding}, taken out (once only); null when
     * there is none, it is expired, or another browser started it.
     */
    T take(String state, String binding) {
        if (state == null) {
            return null;
        }
        Pending<T> p = byState.remove(state);
        if (p == null
                || binding == null
                || clock.instant().isAfter(p.createdAt().plus(LIFETIME))) {
            return null;
        }
        return MessageDigest.isEqual(p.binding().getBytes(), binding.getBytes()) ? p.value() : null;
    }
}

package dev.tejun.server.events.sources;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a post against its source's credential, comparing in constant time:
 *
 * <ul>
 *   <li>{@code bearer}: {@code Authorization: Bearer SECRET}.
 *   <li>{@code basic}: {@code Authorization: Basic base64(USER:SECRET)}, as Alertmanager's {@code basic_auth} and
 *       Zabbix's HTTP authentication send it.
 *   <li>{@code hmac}: {@code X-Tejun-Timestamp: UNIX-SECONDS} and {@code X-Tejun-Signature: sha256=HEX}, the
 *       HMAC-SHA256 under SECRET of {@code TIMESTAMP.BODY}; a timestamp more than {@link #SKEW} away from now is
 *       refused, so a captured post cannot be sent again later (and within that window it is a duplicate).
 * </ul>
 */
final class Credentials {

    static final Duration SKEW = Duration.ofMinutes(5);
    static final String SIGNATURE = "X-Tejun-Signature";
    static final String TIMESTAMP = "X-Tejun-Timestamp";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Credentials() {}

    /** A new random secret: 32 bytes, base64url. */
    static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code sha256=HEX} of {@code timestamp.body}: what a sender puts in {@link #SIGNATURE}. */
    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Null when the post carries the source's credential, else why not (for the audit log; the sender gets only
     * "401").
     */
    static String refusal(
            SourceStore.Stored s, String authorization, String signature, String timestamp, byte[] body, Instant now) {
        return switch (s.source().auth()) {
            case "bearer" -> {
                if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    yield "no bearer token";
                }
                yield same(sha256(authorization.substring(7).strip()), s.secretHash()) ? null : "wrong token";
            }
            case "basic" -> basic(s, authorization);
            case "hmac" -> hmac(s, signature, timestamp, body, now);
            default -> "unknown credential kind " + s.source().auth();
        };
    }

    private static String basic(SourceStore.Stored s, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "no basic credentials";
        }
        String pair;
        try {
            pair = new String(
                    Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "basic credentials are not base64";
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return "basic credentials without a password";
        }
        boolean user = same(pair.substring(0, colon), s.source().username());
        boolean password = same(sha256(pair.substring(colon + 1)), s.secretHash());
        return user && password ? null : "wrong user name or password";
    }

    private static String hmac(SourceStore.Stored s, String signature, String timestamp, byte[] body, Instant now) {
        if (signature == null || timestamp == null) {
            return "no " + SIGNATURE + " and " + TIMESTAMP;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return TIMESTAMP + " is not a number of seconds";
        }
        if (Math.abs(now.getEpochSecond() - seconds) > SKEW.toSeconds()) {
            return TIMESTAMP + " is more than " + SKEW.toMinutes() + " minutes away from the server's time";
        }
        String expected = sign(s.hmacSecret(), timestamp.strip(), body);
        return same(signature.strip().toLowerCase(Locale.ROOT), expected) ? null : "wrong signature";
    }

    private static boolean same(String a, String b) {
        return a != null
                && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}

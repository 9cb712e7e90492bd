package dev.tejun.server.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.openid.connect.sdk.Nonce;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ID token checks, on tokens a real provider issued: each attack case is refused for its own reason, and the
 * same kind of token for this client, issuer and nonce passes (so a refusal is not just any failure).
 */
class IdTokenChecksTest {

    private static final URI REDIRECT = URI.create("http://127.0.0.1:9/api/sso/oidc/callback");
    private static OidcTestProvider provider;
    private static OidcTestProvider another;

    @BeforeAll
    static void start() throws Exception {
        provider = new OidcTestProvider(REDIRECT, Duration.ofMinutes(5));
        another = new OidcTestProvider(REDIRECT, Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() {
        provider.close();
        another.close();
    }

    private static IdTokens checks(Clock clock) {
        return new IdTokens(provider.issuer, "tejun", provider.jwks(), clock);
    }

    @Test
    void verify_tokenForThisClientAndNonce_passes() throws Exception {
        Nonce nonce = new Nonce();
        var claims = checks(Clock.systemUTC()).verify(provider.idToken("tejun", REDIRECT, "alice", nonce), nonce);
        assertEquals("alice", claims.getStringClaim("preferred_username"));
        assertEquals(java.util.List.of("ops-admins", "staff"), claims.getClaim("groups"));
    }

    @Test
    void verify_wrongNonce_refused() throws Exception {
        String token = provider.idToken("tejun", REDIRECT, "alice", new Nonce());
        IdTokens.Refused e = assertThrows(
                IdTokens.Refused.class, () -> checks(Clock.systemUTC()).verify(token, new Nonce()));
        assertTrue(e.getMessage().contains("nonce"), e.getMessage());
    }

    @Test
    void verify_tokenIssuedToAnotherClient_refusedForAudience() throws Exception {
        Nonce nonce = new Nonce();
        String token = provider.idToken("other", REDIRECT, "alice", nonce);
        IdTokens.Refused e = assertThrows(
                IdTokens.Refused.class, () -> checks(Clock.systemUTC()).verify(token, nonce));
        assertTrue(e.getMessage().contains("audience"), e.getMessage());
    }

    @Test
    void verify_tokenFromAnotherIssuer_refusedForIssuer() throws Exception {
        Nonce nonce = new Nonce();
        String token = another.idToken("tejun", REDIRECT, "alice", nonce);
        // the other provider's own keys, so the signature is good and only the issuer is wrong
        IdTokens checks = new IdTokens(provider.issuer, "tejun", another.jwks(), Clock.systemUTC());
        IdTokens.Refused e = assertThrows(IdTokens.Refused.class, () -> checks.verify(token, nonce));
        assertTrue(e.getMessage().contains("issuer"), e.getMessage());
    }

    @Test
    void verify_tokenSignedByAnotherProvider_refused() throws Exception {
        Nonce nonce = new Nonce();
        String token = another.idToken("tejun", REDIRECT, "alice", nonce);
        assertThrows(IdTokens.Refused.class, () -> checks(Clock.systemUTC()).verify(token, nonce));
    }

    @Test
    void verify_expiredToken_refused() throws Exception {
        Nonce nonce = new Nonce();
        String token = provider.idToken("tejun", REDIRECT, "alice", nonce);
        // the token lives 5 minutes; 10 minutes later by the server's clock it is expired, skew included
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        IdTokens.Refused e =
                assertThrows(IdTokens.Refused.class, () -> checks(later).verify(token, nonce));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void verify_tamperedPayload_refused() throws Exception {
        Nonce nonce = new Nonce();
        String[] parts = provider.idToken("tejun", REDIRECT, "carol", nonce).split("\\.");
        String payload = new String(
                        java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"staff\"", "\"ops-admins\"");
        String forged = parts[0] + "."
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + parts[2];
        IdTokens.Refused e = assertThrows(
                IdTokens.Refused.class, () -> checks(Clock.systemUTC()).verify(forged, nonce));
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
    }
}

package dev.tejun.server.sso;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Checks an ID token: signed by a key in the issuer's JWK set, issued by the configured issuer, for this client,
 * carrying the nonce of this sign-in, and not expired by the server's clock. Any failure is a {@link Refused} naming
 * what was wrong, never a sign-in.
 */
public final class IdTokens {

    /** The leeway between the provider's clock and this one. */
    static final Duration SKEW = Duration.ofSeconds(60);

    /** An ID token that does not prove who signed in. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final IDTokenValidator validator;
    private final Clock clock;

    public IdTokens(URI issuer, String clientId, URI jwkSet, Clock clock) {
        try {
            this.validator = new IDTokenValidator(
                    new Issuer(issuer.toString()),
                    new ClientID(clientId),
                    JWSAlgorithm.RS256,
                    jwkSet.toURL(),
                    new DefaultResourceRetriever(5_000, 5_000, 512 * 1024));
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("the provider's jwks_uri is not a URL: " + jwkSet, e);
        }
        validator.setMaxClockSkew((int) SKEW.toSeconds());
        this.clock = clock;
    }

    /** The token's claims when it passes every check. */
    public IDTokenClaimsSet verify(String idToken, Nonce expected) throws Refused {
        JWT jwt;
        try {
            jwt = JWTParser.parse(idToken);
        } catch (ParseException e) {
            throw new Refused("the ID token is not a JWT: " + e.getMessage());
        }
        IDTokenClaimsSet claims;
        try {
            claims = validator.validate(jwt, expected);
        } catch (BadJOSEException | JOSEException e) {
            throw new Refused("the ID token is not valid: " + e.getMessage());
        }
        // the library compares with the system clock; the server's clock is the one everything else here goes by
        Instant now = clock.instant();
        if (claims.getExpirationTime().toInstant().plus(SKEW).isBefore(now)) {
            throw new Refused(
                    "the ID token is expired (at " + claims.getExpirationTime().toInstant() + ")");
        }
        if (claims.getIssueTime().toInstant().minus(SKEW).isAfter(now)) {
            throw new Refused("the ID token is issued in the future (at "
                    + claims.getIssueTime().toInstant() + ")");
        }
        return claims;
    }
}

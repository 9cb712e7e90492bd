package dev.tejun.server.sso;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured OpenID provider: its metadata (read from the issuer's discovery document, again after a failure at
 * most every 10 seconds, so a provider that was down at start-up is used once it answers), the authorization request,
 * and the code exchange.
 */
public final class OidcProvider {

    private static final Logger LOG = LoggerFactory.getLogger(OidcProvider.class);
    private static final int TIMEOUT_MS = 5_000;
    private static final Duration RETRY = Duration.ofSeconds(10);

    /** The provider cannot be used now (unreachable, or its discovery document is wrong). */
    public static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    /** What the provider needs from the sign-in that was started, to finish it. */
    public record Started(URI redirect, State state, Nonce nonce, CodeVerifier verifier, URI callback) {}

    private final OidcSettings settings;
    private final Clock clock;
    private OIDCProviderMetadata metadata;
    private IdTokens tokens;
    private Instant lastTry = Instant.MIN;
    private String lastProblem;

    public OidcProvider(OidcSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public OidcSettings settings() {
        return settings;
    }

    /** Reads the discovery document now; a failure is logged once as a clear error and retried on use. */
    public void discover() {
        try {
            metadata();
        } catch (Unavailable e) {
            LOG.error(
                    "{}: OpenID sign-in is unavailable until the provider answers; local sign-in still works",
                    e.getMessage());
        }
    }

    private synchronized OIDCProviderMetadata metadata() throws Unavailable {
        if (metadata != null) {
            return metadata;
        }
        Instant now = clock.instant();
        if (lastProblem != null && now.isBefore(lastTry.plus(RETRY))) {
            throw new Unavailable(lastProblem);
        }
        lastTry = now;
        try {
            // resolve() also checks that the document names the configured issuer exactly
            OIDCProviderMetadata m =
                    OIDCProviderMetadata.resolve(new Issuer(settings.issuer().toString()), TIMEOUT_MS, TIMEOUT_MS);
            tokens = new IdTokens(settings.issuer(), settings.clientId(), m.getJWKSetURI(), clock);
            metadata = m;
            lastProblem = null;
            return m;
        } catch (IOException | GeneralException | IllegalArgumentException e) {
            lastProblem =
                    "sso.oidc.issuer " + settings.issuer() + ": the provider's discovery document cannot be read ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
            throw new Unavailable(lastProblem);
        }
    }

    /** A new sign-in: where to send the browser, and what must come back. */
    public Started start(URI callback) throws Unavailable {
        OIDCProviderMetadata m = metadata();
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest request = new AuthenticationRequest.Builder(
                        ResponseType.CODE,
                        new Scope(settings.scopes().toArray(String[]::new)),
                        new ClientID(settings.clientId()),
                        callback)
                .endpointURI(m.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
        return new Started(request.toURI(), state, nonce, verifier, callback);
    }

    /** Trades the code for tokens (proving the PKCE verifier) and returns the checked ID token's claims. */
    public com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet finish(String code, Started started)
            throws Unavailable, IdTokens.Refused {
        OIDCProviderMetadata m = metadata();
        ClientAuthentication auth = settings.secret() == null
                ? null
                : new ClientSecretBasic(new ClientID(settings.clientId()), new Secret(settings.secret()));
        AuthorizationCodeGrant grant =
                new AuthorizationCodeGrant(new AuthorizationCode(code), started.callback(), started.verifier());
        TokenRequest request = auth == null
                ? new TokenRequest(m.getTokenEndpointURI(), new ClientID(settings.clientId()), grant)
                : new TokenRequest(m.getTokenEndpointURI(), auth, grant);
        TokenResponse response;
        try {
            HTTPRequest http = request.toHTTPRequest();
            http.setConnectTimeout(TIMEOUT_MS);
            http.setReadTimeout(TIMEOUT_MS);
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (IOException | ParseException e) {
            throw new Unavailable("the provider's token endpoint failed: " + e.getMessage());
        }
        if (!response.indicatesSuccess()) {
            TokenErrorResponse error = response.toErrorResponse();
            throw new IdTokens.Refused(
                    "the provider refused the code: " + error.getErrorObject().getCode() + " "
                            + error.getErrorObject().getDescription());
        }
        var tokensGiven = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
        var idToken = tokensGiven.getIDTokenString();
        if (idToken == null) {
            throw new IdTokens.Refused("the provider answered without an ID token");
        }
        IdTokens checker;
        synchronized (this) {
            checker = tokens;
        }
        var claims = checker.verify(idToken, started.nonce());
        java.util.List<String> missing = java.util.stream.Stream.of(settings.userClaim(), settings.groupsClaim())
                .filter(c -> claims.getClaim(c) == null)
                .toList();
        if (!missing.isEmpty() && m.getUserInfoEndpointURI() != null) {
            // Providers that follow OIDC Core 5.4 strictly (and Entra with many groups) give the scopes' claims, the
            // user name and the groups, only in the UserInfo answer, not in the ID token
            var info = userInfo(m, tokensGiven.getAccessToken(), claims.getSubject());
            for (String c : missing) {
                if (info.getClaim(c) != null) {
                    claims.setClaim(c, info.getClaim(c));
                }
            }
        }
        return claims;
    }

    /**
     * The UserInfo endpoint's answer for the access token. An answer about another subject than the ID token's is
     * refused (OIDC Core 5.3.2: a substituted token).
     */
    private com.nimbusds.openid.connect.sdk.claims.UserInfo userInfo(
            OIDCProviderMetadata m,
            com.nimbusds.oauth2.sdk.token.AccessToken token,
            com.nimbusds.oauth2.sdk.id.Subject sub)
            throws Unavailable, IdTokens.Refused {
        com.nimbusds.openid.connect.sdk.UserInfoResponse answer;
        try {
            HTTPRequest http = new com.nimbusds.openid.connect.sdk.UserInfoRequest(m.getUserInfoEndpointURI(), token)
                    .toHTTPRequest();
            http.setConnectTimeout(TIMEOUT_MS);
            http.setReadTimeout(TIMEOUT_MS);
            answer = com.nimbusds.openid.connect.sdk.UserInfoResponse.parse(http.send());
        } catch (IOException | ParseException e) {
            throw new Unavailable("the provider's userinfo endpoint failed: " + e.getMessage());
        }
        if (!answer.indicatesSuccess()) {
            throw new IdTokens.Refused("the provider's userinfo endpoint refused: "
                    + answer.toErrorResponse().getErrorObject().getCode());
        }
        var info = answer.toSuccessResponse().getUserInfo();
        if (info == null || !sub.equals(info.getSubject())) {
            throw new IdTokens.Refused("the userinfo answer is about another subject than the ID token");
        }
        return info;
    }
}
